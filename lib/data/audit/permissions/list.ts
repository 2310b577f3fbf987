// The teammate permissions audit: every live teammate of every customer account, with
// the flags a team lead looks for, paged, sorted and filtered in the database.
//
// Paging is keyset, never OFFSET: a lead pages deep into 3.5M rows, and OFFSET reads
// and throws away every row before the page. Each sort is (column, id) with a matching
// composite index. Last login is nullable: "never" sorts as the oldest, so the order is
// two index ranges (the NULLs by id, then the values), read one after the other.
//
// Flags are read for the page's rows only (after the LIMIT), from the summaries that
// triggers keep (./flag-sql.ts), so a page costs the same whatever the table's size.
// Filtering by a flag is a probe of the same summaries per candidate row, or a walk of
// the flag's own partial index when the planner finds the flag rare: see docs/user-guide.md (teammate permissions audit).
//
// Not server-only: the benchmark and tests call it with their own client.
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/db/prisma";
import { CANONICAL_ID, MAX_RECORD_ID } from "@/lib/validation/common";
import { cursorCodec } from "@/lib/validation/cursor";
import type { PermissionSort, PermissionsFilter, PermissionsQuery } from "@/lib/validation/permissions-audit";
import { DAY_MS, FACT_COLUMNS, FACT_JOINS, flagPredicate, flagsFor, type FlaggedRow, type TeammateFlagDetail } from "./flag-sql";
import { DEFAULT_SEVERAL_ADMINS, FILTER_FLAGS, STALE_ADMIN_DAYS, type FilterFlag, type FlagSettings } from "@/lib/model/teammate-flags";
import { TEAMMATE_LEVELS } from "@/lib/model/teammate-levels";
import { type TeammatePermissionRow } from "@/lib/model/teammate-permissions";
export { type TeammatePermissionRow } from "@/lib/model/teammate-permissions";

export type { TeammateFlagDetail };

export interface TeammatePermissionsPage {
  rows: TeammatePermissionRow[];
  /** Cursors for the neighbouring pages, null at either end. */
  next: string | null;
  prev: string | null;
  /** The account filter named no account (so the empty page says why). */
  unknownAccount: boolean;
}

// ------------------------------------------------------------------ cursor

type SortValue = string | number | null;
interface Cursor {
  v: SortValue;
  id: number;
}

export const permissionsCursor = cursorCodec(
  z.object({
    s: z.enum(["account", "level", "lastLogin", "created"]),
    v: z.union([z.string().max(64), z.number(), z.null()]),
    id: z.number().int().nonnegative(),
  }),
);

/** A cursor made for another sort (an edited URL) is ignored: the first page is honest. */
function decodeCursor(raw: string | undefined, sort: PermissionSort): Cursor | null {
  const c = permissionsCursor.decode(raw);
  if (!c || c.s !== sort) return null;
  if (sort === "level" && !(TEAMMATE_LEVELS as readonly SortValue[]).includes(c.v)) return null;
  if ((sort === "lastLogin" || sort === "created") && c.v !== null && (typeof c.v !== "string" || Number.isNaN(Date.parse(c.v)))) return null;
  if (sort === "account" && typeof c.v !== "number") return null;
  return { v: c.v, id: c.id };
}

const encodeCursor = (sort: PermissionSort, v: SortValue, id: number) => permissionsCursor.encode({ s: sort, v, id });

// ------------------------------------------------------------------ SQL pieces

interface SortSpec {
  column: Prisma.Sql;
  /** Casts a cursor value back to the column's type. */
  cast: (v: string | number) => Prisma.Sql;
  nullable: boolean;
  valueOf: (r: RawRow) => SortValue;
}

const SORTS: Record<PermissionSort, SortSpec> = {
  account: { column: Prisma.sql`t.account_id`, cast: (v) => Prisma.sql`${Number(v)}::int4`, nullable: false, valueOf: (r) => r.account_id },
  level: { column: Prisma.sql`t.level`, cast: (v) => Prisma.sql`${String(v)}::teammate_level`, nullable: false, valueOf: (r) => r.level },
  lastLogin: {
    column: Prisma.sql`t.last_login_at`,
    cast: (v) => Prisma.sql`${String(v)}::timestamptz`,
    nullable: true,
    valueOf: (r) => r.last_login_at?.toISOString() ?? null,
  },
  created: {
    column: Prisma.sql`t.created_at`,
    cast: (v) => Prisma.sql`${String(v)}::timestamptz`,
    nullable: false,
    valueOf: (r) => r.created_at.toISOString(),
  },
};

function filterPredicates(f: PermissionsFilter, accountId: number | null, now: Date): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`t.deleted_at IS NULL`];
  if (accountId !== null) where.push(Prisma.sql`t.account_id = ${accountId}::int4`);
  if (f.level) where.push(Prisma.sql`t.level = ${f.level}::teammate_level`);
  if (f.scope) where.push(Prisma.sql`t.scopes @> ARRAY[${f.scope}::text]`);
  if (f.lastLogin) {
    const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);
    if (f.lastLogin === "never") where.push(Prisma.sql`t.last_login_at IS NULL`);
    else if (f.lastLogin === "over_90d") where.push(Prisma.sql`(t.last_login_at IS NULL OR t.last_login_at < ${daysAgo(STALE_ADMIN_DAYS)})`);
    else where.push(Prisma.sql`t.last_login_at >= ${daysAgo(f.lastLogin === "within_30d" ? 30 : 90)}`);
  }
  if (f.createdFrom) where.push(Prisma.sql`t.created_at >= ${new Date(`${f.createdFrom}T00:00:00Z`)}`);
  if (f.createdTo) where.push(Prisma.sql`t.created_at < ${new Date(new Date(`${f.createdTo}T00:00:00Z`).getTime() + DAY_MS)}`);
  if (f.flag) where.push(flagPredicate(f.flag, now, flagSettingsOf(f)));
  return where;
}

/** The lead's thresholds from the filter (the URL), defaults where it names none. */
export function flagSettingsOf(f: PermissionsFilter): FlagSettings {
  return { severalAdmins: f.admins ?? DEFAULT_SEVERAL_ADMINS };
}

/** "Account" takes an id or a username (exact, any case): resolved to an id first. */
async function resolveAccount(db: Db, account: string | undefined): Promise<number | null | "unknown"> {
  if (!account) return null;
  if (CANONICAL_ID.test(account) && Number(account) <= MAX_RECORD_ID) {
    const byId = await db.account.findUnique({ where: { id: Number(account) }, select: { id: true } });
    if (byId) return byId.id;
  }
  const byName = await db.account.findUnique({ where: { usernameLower: account.toLowerCase() }, select: { id: true } });
  return byName?.id ?? "unknown";
}

interface RawRow extends FlaggedRow {
  id: number;
  account_id: number;
  account_username: string;
  account_status: string;
  username: string;
  email: string;
  level: TeammateLevel;
  scopes: string[];
  last_login_at: Date | null;
  created_at: Date;
}

type Segment = "null" | "value";

/**
 * Up to `limit` rows strictly after `cursor` in the (sort, id) order `dir`, reading the
 * NULL range and the value range of a nullable column as separate index scans.
 */
async function readAfter(db: Db, where: Prisma.Sql[], spec: SortSpec, dir: "asc" | "desc", cursor: Cursor | null, limit: number): Promise<RawRow[]> {
  const segments: Segment[] = !spec.nullable ? ["value"] : dir === "asc" ? ["null", "value"] : ["value", "null"];
  const start = cursor ? Math.max(0, segments.indexOf(cursor.v === null ? "null" : "value")) : 0;
  const op = dir === "asc" ? Prisma.sql`>` : Prisma.sql`<`;
  const order = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const rows: RawRow[] = [];
  for (let i = start; i < segments.length && rows.length < limit; i++) {
    const segment = segments[i];
    const conditions = [...where];
    const inCursorSegment = cursor !== null && i === start;
    if (segment === "null") {
      conditions.push(Prisma.sql`${spec.column} IS NULL`);
      if (inCursorSegment) conditions.push(Prisma.sql`t.id ${op} ${cursor.id}::int4`);
    } else {
      if (spec.nullable) conditions.push(Prisma.sql`${spec.column} IS NOT NULL`);
      if (inCursorSegment && cursor.v !== null) conditions.push(Prisma.sql`(${spec.column}, t.id) ${op} (${spec.cast(cursor.v)}, ${cursor.id}::int4)`);
    }
    const orderBy = segment === "null" ? Prisma.sql`t.id ${order}` : Prisma.sql`${spec.column} ${order}, t.id ${order}`;
    // The page is chosen from teammates alone and only then joined to its accounts:
    // joined first, the planner may walk accounts in id order and probe each one's
    // teammates, which costs a probe per account before the cursor (slow on deep pages).
    // The flags' facts come along from the summaries (key lookups per row).
    const batch = await db.$queryRaw<RawRow[]>`
      SELECT t.id, t.account_id, a.username AS account_username, a.status::text AS account_status, t.username, t.email,
             t.level, t.scopes, t.last_login_at, t.created_at, ${FACT_COLUMNS}
        FROM (SELECT t.* FROM teammates t
               WHERE ${Prisma.join(conditions, " AND ")}
               ORDER BY ${orderBy}
               LIMIT ${limit - rows.length}::int4) t
        JOIN accounts a ON a.id = t.account_id
        ${FACT_JOINS}
       ORDER BY ${orderBy}`;
    rows.push(...batch);
  }
  return rows;
}

function toDto(r: RawRow, flags: TeammateFlagDetail[]): TeammatePermissionRow {
  return {
    teammateId: r.id,
    accountId: r.account_id,
    accountUsername: r.account_username,
    accountStatus: r.account_status,
    username: r.username,
    email: r.email,
    level: r.level,
    scopes: r.scopes,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    flags,
  };
}

/** One page of the audit. `now` anchors "90 days" (tests and the benchmark pin it). */
export async function listTeammatePermissions(
  db: Db,
  filter: PermissionsFilter,
  query: PermissionsQuery,
  now: Date = new Date(),
): Promise<TeammatePermissionsPage> {
  const account = await resolveAccount(db, filter.account);
  if (account === "unknown") return { rows: [], next: null, prev: null, unknownAccount: true };
  const where = filterPredicates(filter, account, now);
  const spec = SORTS[query.sort];
  const before = decodeCursor(query.before, query.sort);
  const after = before ? null : decodeCursor(query.after, query.sort);
  const flip = (d: "asc" | "desc") => (d === "asc" ? "desc" : "asc");

  let rows: RawRow[];
  let hasNext: boolean;
  let hasPrev: boolean;
  if (before) {
    // The previous page: read backwards from its first row, then restore the order.
    const back = await readAfter(db, where, spec, flip(query.dir), before, query.limit + 1);
    hasPrev = back.length > query.limit;
    rows = back.slice(0, query.limit).reverse();
    hasNext = true;
  } else {
    const fwd = await readAfter(db, where, spec, query.dir, after, query.limit + 1);
    hasNext = fwd.length > query.limit;
    rows = fwd.slice(0, query.limit);
    hasPrev = after !== null;
  }
  const flags = await flagsFor(db, rows, now, flagSettingsOf(filter));
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((r) => toDto(r, flags.get(r.id) ?? [])),
    next: hasNext && last ? encodeCursor(query.sort, spec.valueOf(last), last.id) : null,
    prev: hasPrev && first ? encodeCursor(query.sort, spec.valueOf(first), first.id) : null,
    unknownAccount: false,
  };
}

/**
 * The export's batches: the page's own keyset query with a bigger limit, so an export
 * of 200,000 rows is a walk along one index, batch by batch, with no OFFSET.
 */
export async function fetchPermissionsBatch(
  db: Db,
  filter: PermissionsFilter,
  order: { sort: PermissionSort; dir: "asc" | "desc" },
  cursor: string | null,
  limit: number,
  now: Date = new Date(),
): Promise<{ rows: TeammatePermissionRow[]; next: string | null }> {
  const page = await listTeammatePermissions(db, filter, { ...order, after: cursor ?? undefined, limit }, now);
  return { rows: page.rows, next: page.next };
}

/** How many rows the filter matches: the export's progress total. */
export async function countTeammatePermissions(db: Db, filter: PermissionsFilter, now: Date = new Date()): Promise<number> {
  const account = await resolveAccount(db, filter.account);
  if (account === "unknown") return 0;
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM teammates t WHERE ${Prisma.join(filterPredicates(filter, account, now), " AND ")}`;
  return rows[0]?.n ?? 0;
}

/** The risk chips stop counting here and say "1,000+": they point at work, not measure it. */
export const FLAG_COUNT_CAP = 1000;

/**
 * Teammates per flag, for the chips at the top of the audit (the lead's other filters
 * apply, the flag filter does not). Each count stops at FLAG_COUNT_CAP + 1 rows, so a
 * common flag (a stale admin) costs a short index walk rather than a count of every
 * teammate; the rarer ones walk their summaries' partial indexes.
 */
export async function countFlags(db: Db, filter: PermissionsFilter, now: Date = new Date()): Promise<Record<FilterFlag, number>> {
  const account = await resolveAccount(db, filter.account);
  const { flag: _flag, ...unflagged } = filter;
  const counts = await Promise.all(
    FILTER_FLAGS.map(async (flag) => {
      if (account === "unknown") return [flag, 0] as const;
      const where = [...filterPredicates(unflagged, account, now), flagPredicate(flag, now, flagSettingsOf(filter))];
      const rows = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM teammates t WHERE ${Prisma.join(where, " AND ")} LIMIT ${FLAG_COUNT_CAP + 1}) capped`;
      return [flag, rows[0]?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<FilterFlag, number>;
}
