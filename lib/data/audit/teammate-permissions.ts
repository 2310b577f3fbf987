// The teammate permissions audit: every live teammate of every customer account, with
// the flags a team lead looks for, paged, sorted and filtered in the database.
//
// Paging is keyset, never OFFSET: a lead pages deep into 3.5M rows, and OFFSET reads
// and throws away every row before the page. Each sort is (column, id) with a matching
// composite index. Last login is nullable: "never" sorts as the oldest, so the order is
// two index ranges (the NULLs by id, then the values), read one after the other.
//
// Flags are computed for the page's rows only (a lateral join after the LIMIT), so a
// page costs the same whatever the table's size. Filtering by a flag is a predicate on
// every candidate row instead, and its cost depends on how common the flag is: see the
// README's numbers.
//
// Not server-only: the benchmark and tests call it with their own client.
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/db/prisma";
import { LEVEL_LABELS, TEAMMATE_LEVELS } from "./teammate-levels";
import { CANONICAL_ID, isoDay, MAX_RECORD_ID } from "@/lib/validation/common";
import { parseParams, pickParams, type ParsedParams, type SearchParams } from "@/lib/validation/search-params";

export { LEVEL_LABELS, TEAMMATE_LEVELS };

export const PERMISSION_SORTS = ["account", "level", "lastLogin", "created"] as const;
export type PermissionSort = (typeof PERMISSION_SORTS)[number];

export const LAST_LOGIN_FILTERS = ["within_30d", "within_90d", "over_90d", "never"] as const;
export type LastLoginFilter = (typeof LAST_LOGIN_FILTERS)[number];

export const TEAMMATE_FLAGS = ["several_admins", "stale_admin", "changes_then_failures", "shared_login"] as const;
export type TeammateFlag = (typeof TEAMMATE_FLAGS)[number];
/**
 * The flags a lead can filter by. "Shared login" is shown on rows and exported but is not
 * a filter: the few accounts without teammates can only be found by checking every
 * account (1.5 s on a million accounts when none match, measured), which would break the
 * page's 100 ms budget. The CSV's flags column finds them.
 */
export const FILTER_FLAGS = ["several_admins", "stale_admin", "changes_then_failures"] as const satisfies readonly TeammateFlag[];
export type FilterFlag = (typeof FILTER_FLAGS)[number];

/** Owners and admins can change everyone's credentials: two or more is a risk worth a look. */
export const SEVERAL_ADMINS = 2;
/** An owner or admin who has not logged in for this long still holds full access. */
export const STALE_ADMIN_DAYS = 90;
/** Failed logins on the account this soon after a teammate's credential change point at that change. */
export const FAILURES_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;

/** The filter alone (what an export takes). Empty strings from a GET form mean "any". */
export const permissionsFilterSchema = z
  .object({
    account: z.string().trim().max(100, "At most 100 characters.").optional(),
    level: z.enum(TEAMMATE_LEVELS, { error: "Choose a permission level from the list." }).optional(),
    scope: z
      .string()
      .trim()
      .max(100, "At most 100 characters.")
      .regex(/^[\w.:*/-]+$/, "A scope is letters, digits and . : * / - _ only.")
      .optional(),
    lastLogin: z.enum(LAST_LOGIN_FILTERS, { error: "Choose a last-login range from the list." }).optional(),
    createdFrom: isoDay("Created from").optional(),
    createdTo: isoDay("Created to").optional(),
    flag: z.enum(FILTER_FLAGS, { error: "Choose a flag from the list." }).optional(),
  })
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom <= f.createdTo, {
    path: ["createdTo"],
    message: "“Created to” must be on or after “Created from”.",
  });
export type PermissionsFilter = z.output<typeof permissionsFilterSchema>;

const cursorText = z.string().max(300).regex(/^[\w-]+$/, "This page link is damaged: start again from the first page.");

export const permissionsQuerySchema = z.object({
  sort: z.enum(PERMISSION_SORTS, { error: "Choose a sort column from the list." }).default("account"),
  dir: z.enum(["asc", "desc"], { error: "Sort direction is asc or desc." }).default("asc"),
  after: cursorText.optional(),
  before: cursorText.optional(),
  limit: z.coerce
    .number({ error: "Rows per page is a number from 1 to 200." })
    .int("Rows per page is a number from 1 to 200.")
    .min(1, "Rows per page is a number from 1 to 200.")
    .max(200, "Rows per page is a number from 1 to 200.")
    .default(50),
});
export type PermissionsQuery = z.output<typeof permissionsQuerySchema>;

export interface TeammateFlagDetail {
  flag: TeammateFlag;
  /** One sentence of evidence for the tooltip. */
  detail: string;
}

export interface TeammatePermissionRow {
  teammateId: number;
  accountId: number;
  accountUsername: string;
  accountStatus: string;
  username: string;
  email: string;
  level: TeammateLevel;
  scopes: string[];
  lastLoginAt: string | null;
  createdAt: string;
  flags: TeammateFlagDetail[];
}

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
const cursorShape = z.object({ v: z.union([z.string().max(64), z.number(), z.null()]), id: z.number().int().nonnegative() });

function encodeCursor(sort: PermissionSort, v: SortValue, id: number): string {
  return Buffer.from(JSON.stringify({ s: sort, v, id })).toString("base64url");
}

/** A cursor made for another sort (an edited URL) is ignored: the first page is honest. */
function decodeCursor(raw: string | undefined, sort: PermissionSort): Cursor | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || (parsed as { s?: unknown }).s !== sort) return null;
    const c = cursorShape.safeParse(parsed);
    if (!c.success) return null;
    if (sort === "level" && !(TEAMMATE_LEVELS as readonly SortValue[]).includes(c.data.v)) return null;
    if ((sort === "lastLogin" || sort === "created") && c.data.v !== null && (typeof c.data.v !== "string" || Number.isNaN(Date.parse(c.data.v)))) return null;
    if (sort === "account" && typeof c.data.v !== "number") return null;
    return c.data;
  } catch {
    return null;
  }
}

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
  created: { column: Prisma.sql`t.created_at`, cast: (v) => Prisma.sql`${String(v)}::timestamptz`, nullable: false, valueOf: (r) => r.created_at.toISOString() },
};

const FULL_ACCESS = Prisma.sql`('OWNER'::teammate_level, 'ADMIN'::teammate_level)`;
// Changes that can lock someone else out (not creating an API key).
const LOCKING_CHANGES = Prisma.sql`('PASSWORD'::credential_kind, 'USERNAME'::credential_kind, 'EMAIL'::credential_kind, 'API_KEY_REVOKED'::credential_kind)`;

function flagPredicate(flag: FilterFlag, now: Date): Prisma.Sql {
  const staleBefore = new Date(now.getTime() - STALE_ADMIN_DAYS * DAY_MS);
  switch (flag) {
    case "stale_admin":
      return Prisma.sql`t.level IN ${FULL_ACCESS} AND (t.last_login_at IS NULL OR t.last_login_at < ${staleBefore})`;
    case "several_admins":
      return Prisma.sql`t.level IN ${FULL_ACCESS} AND (SELECT count(*) FROM teammates x
        WHERE x.account_id = t.account_id AND x.deleted_at IS NULL AND x.level IN ${FULL_ACCESS}) >= ${SEVERAL_ADMINS}`;
    case "changes_then_failures":
      return Prisma.sql`EXISTS (SELECT 1 FROM credential_changes cc
        WHERE cc.teammate_id = t.id AND cc.kind IN ${LOCKING_CHANGES}
          AND EXISTS (SELECT 1 FROM login_attempts la
            WHERE la.account_id = cc.account_id AND la.outcome = 'FAILURE'
              AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + ${`${FAILURES_WINDOW_DAYS} days`}::interval))`;
  }
}

function filterPredicates(f: PermissionsFilter, accountId: number | null, now: Date): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`t.deleted_at IS NULL`];
  if (accountId !== null) where.push(Prisma.sql`t.account_id = ${accountId}::int4`);
  if (f.level) where.push(Prisma.sql`t.level = ${f.level}::teammate_level`);
  if (f.scope) where.push(Prisma.sql`t.scopes @> ARRAY[${f.scope}::text]`);
  if (f.lastLogin) {
    const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);
    if (f.lastLogin === "never") where.push(Prisma.sql`t.last_login_at IS NULL`);
    else if (f.lastLogin === "over_90d") where.push(Prisma.sql`(t.last_login_at IS NULL OR t.last_login_at < ${daysAgo(90)})`);
    else where.push(Prisma.sql`t.last_login_at >= ${daysAgo(f.lastLogin === "within_30d" ? 30 : 90)}`);
  }
  if (f.createdFrom) where.push(Prisma.sql`t.created_at >= ${new Date(`${f.createdFrom}T00:00:00Z`)}`);
  if (f.createdTo) where.push(Prisma.sql`t.created_at < ${new Date(new Date(`${f.createdTo}T00:00:00Z`).getTime() + DAY_MS)}`);
  if (f.flag) where.push(flagPredicate(f.flag, now));
  return where;
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

interface RawRow {
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
async function readAfter(
  db: Db,
  where: Prisma.Sql[],
  spec: SortSpec,
  dir: "asc" | "desc",
  cursor: Cursor | null,
  limit: number,
): Promise<RawRow[]> {
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
    // teammates, which costs a probe per account before the cursor (700 ms at page 500).
    const batch = await db.$queryRaw<RawRow[]>`
      SELECT t.id, t.account_id, a.username AS account_username, a.status::text AS account_status, t.username, t.email,
             t.level, t.scopes, t.last_login_at, t.created_at
        FROM (SELECT t.* FROM teammates t
               WHERE ${Prisma.join(conditions, " AND ")}
               ORDER BY ${orderBy}
               LIMIT ${limit - rows.length}::int4) t
        JOIN accounts a ON a.id = t.account_id
       ORDER BY ${orderBy}`;
    rows.push(...batch);
  }
  return rows;
}

interface FlagRow {
  id: number;
  full_access: number;
  live_teammates: number;
  integrations: number;
  change_kind: string | null;
  change_at: Date | null;
  failures_after: number | null;
}

/** The flags of the given rows, with the evidence each tooltip shows. */
async function flagsFor(db: Db, rows: RawRow[], now: Date): Promise<Map<number, TeammateFlagDetail[]>> {
  const result = new Map<number, TeammateFlagDetail[]>();
  if (rows.length === 0) return result;
  const ids = rows.map((r) => r.id);
  const facts = await db.$queryRaw<FlagRow[]>`
    SELECT t.id,
           (SELECT count(*)::int FROM teammates x WHERE x.account_id = t.account_id AND x.deleted_at IS NULL AND x.level IN ${FULL_ACCESS}) AS full_access,
           (SELECT count(*)::int FROM teammates x WHERE x.account_id = t.account_id AND x.deleted_at IS NULL) AS live_teammates,
           (SELECT count(*)::int FROM password_integrations i WHERE i.account_id = t.account_id) AS integrations,
           ch.kind::text AS change_kind, ch.occurred_at AS change_at, ch.failures AS failures_after
      FROM teammates t
      LEFT JOIN LATERAL (
        SELECT cc.kind, cc.occurred_at, f.n AS failures
          FROM credential_changes cc
          CROSS JOIN LATERAL (
            SELECT count(*)::int AS n FROM login_attempts la
             WHERE la.account_id = cc.account_id AND la.outcome = 'FAILURE'
               AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + ${`${FAILURES_WINDOW_DAYS} days`}::interval
          ) f
         WHERE cc.teammate_id = t.id AND cc.kind IN ${LOCKING_CHANGES} AND f.n > 0
         ORDER BY cc.occurred_at DESC
         LIMIT 1
      ) ch ON true
     WHERE t.id = ANY(${ids}::int4[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const staleBefore = now.getTime() - STALE_ADMIN_DAYS * DAY_MS;
  for (const f of facts) {
    const row = byId.get(f.id);
    if (!row) continue;
    const flags: TeammateFlagDetail[] = [];
    const isFullAccess = row.level === "OWNER" || row.level === "ADMIN";
    if (isFullAccess && f.full_access >= SEVERAL_ADMINS) {
      flags.push({
        flag: "several_admins",
        detail: `${f.full_access} teammates on this account are owners or admins; each of them can change the password and API keys everyone else relies on.`,
      });
    }
    if (isFullAccess && (row.last_login_at === null || row.last_login_at.getTime() < staleBefore)) {
      flags.push({
        flag: "stale_admin",
        detail: row.last_login_at
          ? `${LEVEL_LABELS[row.level]} who last logged in ${Math.floor((now.getTime() - row.last_login_at.getTime()) / DAY_MS)} days ago (more than ${STALE_ADMIN_DAYS}) and still holds full access.`
          : `${LEVEL_LABELS[row.level]} who has never logged in and still holds full access.`,
      });
    }
    if (f.change_kind && f.change_at && f.failures_after) {
      flags.push({
        flag: "changes_then_failures",
        detail: `Changed the ${f.change_kind.toLowerCase().replace(/_/g, " ")} on ${f.change_at.toISOString().slice(0, 10)}; the account then had ${f.failures_after} failed login${f.failures_after === 1 ? "" : "s"} within ${FAILURES_WINDOW_DAYS} days.`,
      });
    }
    if (f.live_teammates === 1 && f.integrations > 0) {
      flags.push({
        flag: "shared_login",
        detail: `The account's only login: everyone shares it, and ${f.integrations} API/SMTP integration${f.integrations === 1 ? "" : "s"} use its password, so a password change by anyone breaks them.`,
      });
    }
    result.set(f.id, flags);
  }
  return result;
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
  const flags = await flagsFor(db, rows, now);
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

// ------------------------------------------------------------------ URL

export const PERMISSIONS_FILTER_KEYS = ["account", "level", "scope", "lastLogin", "createdFrom", "createdTo", "flag"] as const;
export const PERMISSIONS_PAGE_KEYS = ["sort", "dir", "after", "before", "limit"] as const;

export interface ParsedPermissionsParams {
  /** The non-empty parameters as typed, to refill the form. */
  values: Record<string, string>;
  filter: ParsedParams<PermissionsFilter>;
  query: ParsedParams<PermissionsQuery>;
}

/** The page's and the export's reading of the URL: the same rules for both. */
export function parsePermissionsParams(raw: SearchParams | URLSearchParams): ParsedPermissionsParams {
  const values = pickParams(raw, [...PERMISSIONS_FILTER_KEYS, ...PERMISSIONS_PAGE_KEYS]);
  const only = (keys: readonly string[]) => Object.fromEntries(Object.entries(values).filter(([k]) => keys.includes(k)));
  return {
    values,
    filter: parseParams(permissionsFilterSchema, only(PERMISSIONS_FILTER_KEYS)),
    query: parseParams(permissionsQuerySchema, only(PERMISSIONS_PAGE_KEYS)),
  };
}

/** The filter as a query string (for sort and page links, and the export URL). */
export function permissionsFilterQuery(values: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const key of PERMISSIONS_FILTER_KEYS) {
    const value = values[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** How many rows the filter matches: the export's progress total. */
export async function countTeammatePermissions(db: Db, filter: PermissionsFilter, now: Date = new Date()): Promise<number> {
  const account = await resolveAccount(db, filter.account);
  if (account === "unknown") return 0;
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM teammates t WHERE ${Prisma.join(filterPredicates(filter, account, now), " AND ")}`;
  return rows[0]?.n ?? 0;
}

// ------------------------------------------------------------------ CSV

export const PERMISSIONS_CSV_HEADER = [
  "account_id",
  "account_username",
  "account_status",
  "teammate_id",
  "teammate_username",
  "teammate_email",
  "level",
  "scopes",
  "last_login_at",
  "created_at",
  "flags",
] as const;

/** One CSV line's cells: scopes space-separated, flags as their codes (see the page's legend). */
export function permissionsCsvCells(r: TeammatePermissionRow): (string | number)[] {
  return [
    r.accountId,
    r.accountUsername,
    r.accountStatus,
    r.teammateId,
    r.username,
    r.email,
    r.level,
    r.scopes.join(" "),
    r.lastLoginAt ?? "",
    r.createdAt,
    r.flags.map((f) => f.flag).join(" "),
  ];
}

/** The cursor of the page that starts right after `row` (the benchmark jumps deep with it). */
export function cursorAfterRow(sort: PermissionSort, row: Pick<TeammatePermissionRow, "teammateId" | "accountId" | "level" | "lastLoginAt" | "createdAt">): string {
  const value = { account: row.accountId, level: row.level, lastLogin: row.lastLoginAt, created: row.createdAt }[sort];
  return encodeCursor(sort, value, row.teammateId);
}
