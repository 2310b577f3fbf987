// The staff audit trail for leads and admins: filtered, keyset-paged on
// (created_at, id), newest first by default or oldest first. Every filter maps onto an existing index: (created_at desc),
// (actor_id, created_at desc), (target_account_id, created_at desc),
// (action, created_at desc, id desc), (ticket_ref). The table is append-only, so a cursor stays
// exact however many entries arrive while someone pages or exports.
// Not server-only: it takes its client as a parameter, and the benchmark runs it outside Next.
import { auditActionLabel, auditCodeLabel, auditDetailText, auditReasonText } from "@/lib/audit/describe";
import { cursorCodec } from "@/lib/validation/cursor";
import { z } from "zod";
import type { CsvCell } from "@/lib/export/csv";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { timeFormatOrUtc, type TimeFormat } from "@/lib/time/zone-time";
import { AUDIT_PAGE_SIZE, ROUTINE_AUDIT_ACTIONS, ticketKey, type AuditFilter, type AuditLogQuery, type AuditWithin } from "@/lib/validation/audit-log";
import { type AuditEntryDto } from "@/lib/model/audit";
export { type AuditEntryDto } from "@/lib/model/audit";

export interface AuditLogPage {
  entries: AuditEntryDto[];
  /** Link to the next older page; null at the oldest entry. */
  olderCursor: string | null;
  /** Link to the previous (newer) page; null on the first page. */
  newerCursor: string | null;
  isFirstPage: boolean;
}

/** A position in (created_at desc, id desc) order. */
export interface AuditPosition {
  at: Date;
  id: bigint;
}

type Direction = "older" | "newer";
const cursors = cursorCodec(z.object({ at: z.iso.datetime(), id: z.string().regex(/^\d{1,20}$/), d: z.enum(["o", "n"]) }));

export function encodeAuditCursor(position: AuditPosition, direction: Direction): string {
  return cursors.encode({ at: position.at.toISOString(), id: position.id.toString(), d: direction === "older" ? "o" : "n" });
}

/** An unreadable cursor (edited or truncated URL) starts from the newest entry rather than failing. */
export function decodeAuditCursor(raw: string | undefined): { position: AuditPosition; direction: Direction } | null {
  const wire = cursors.decode(raw);
  return wire ? { position: { at: new Date(wire.at), id: BigInt(wire.id) }, direction: wire.d === "o" ? "older" : "newer" } : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-11-30" -> "2026-12-01" (calendar arithmetic; no zone involved). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The instant a time preset starts at, for a viewer in `zone` at `now`. */
function withinStart(within: AuditWithin, zone: TimeFormat, now: Date): Date {
  if (within === "today") return zone.startOfDay(zone.date(now));
  return new Date(now.getTime() - (within === "24h" ? DAY_MS : 7 * DAY_MS));
}

/**
 * A ticket filter matches every spelling of the same ticket ("#48213", "ZD-48213",
 * "zd 48213", "48213"): case-insensitive, the stored reference being the key itself or
 * ending with it after a separator.
 */
function ticketWhere(raw: string): Prisma.AuditEntryWhereInput {
  // Prisma passes LIKE's wildcards through (insensitive matching is ILIKE): "_" in a
  // reference would match any character.
  const literal = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
  const key = literal(ticketKey(raw));
  const same = (value: string) => ({ ticketRef: { equals: value, mode: "insensitive" as const } });
  const after = (separator: string) => ({ ticketRef: { endsWith: `${separator}${key}`, mode: "insensitive" as const } });
  return { OR: [same(literal(raw.trim())), same(key), ...["#", "-", " ", "\\_", ":"].map(after)] };
}

function filterWhere(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  // Whole days, both ends included, in the viewer's time zone (UTC unless they chose
  // another): the table beside the filter writes every time in that zone, so "from
  // 2026-11-30" must start where the rows the lead sees as the 30th start. A day in a
  // zone is not always 24 hours (daylight saving), hence the start of the next day
  // rather than start + 24 h.
  const zone = timeFormatOrUtc(filter.timeZone);
  if (filter.from) createdAt.gte = zone.startOfDay(filter.from);
  if (filter.to) createdAt.lt = zone.startOfDay(nextDay(filter.to));
  // A preset narrows whatever days are also set (the later start wins).
  if (filter.within) {
    const start = withinStart(filter.within, zone, filter.now ?? new Date());
    if (!createdAt.gte || start > createdAt.gte) createdAt.gte = start;
  }
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.action !== undefined) and.push({ action: { in: filter.action } });
  if (filter.quiet !== undefined) and.push({ action: { notIn: [...ROUTINE_AUDIT_ACTIONS] } });
  if (filter.ticket !== undefined) and.push(ticketWhere(filter.ticket));
  // A username or email is an exact lookup on the account's lower-cased columns.
  if (typeof filter.account === "string") and.push({ targetAccount: { is: { OR: [{ usernameLower: filter.account }, { emailLower: filter.account }] } } });
  return {
    ...(filter.actor !== undefined ? { actorId: filter.actor } : {}),
    ...(filter.outcome !== undefined ? { outcome: filter.outcome } : {}),
    ...(typeof filter.account === "number" ? { targetAccountId: filter.account } : {}),
    ...(filter.from || filter.to || filter.within ? { createdAt } : {}),
    ...(and.length > 0 ? { AND: and } : {}),
  };
}

// The redundant `lte`/`gte` bound lets PostgreSQL start the created_at index scan at the
// cursor; with the OR alone it would read from the newest entry on every page, which
// makes a 200,000-row export quadratic.
function olderThan(p: AuditPosition): Prisma.AuditEntryWhereInput {
  return { createdAt: { lte: p.at }, OR: [{ createdAt: { lt: p.at } }, { id: { lt: p.id } }] };
}
function newerThan(p: AuditPosition): Prisma.AuditEntryWhereInput {
  return { createdAt: { gte: p.at }, OR: [{ createdAt: { gt: p.at } }, { id: { gt: p.id } }] };
}

const select = {
  id: true,
  createdAt: true,
  actorId: true,
  actorEmail: true,
  actor: { select: { name: true } },
  action: true,
  outcome: true,
  code: true,
  targetAccountId: true,
  targetAccount: { select: { username: true } },
  targetSignUpId: true,
  ticketRef: true,
  reason: true,
  detail: true,
  ip: true,
  userAgent: true,
} satisfies Prisma.AuditEntrySelect;

type Selected = Prisma.AuditEntryGetPayload<{ select: typeof select }>;

function toDto(r: Selected): AuditEntryDto {
  return {
    id: r.id.toString(),
    createdAt: r.createdAt.toISOString(),
    actorId: r.actorId,
    actorEmail: r.actorEmail,
    actorName: r.actor?.name ?? null,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    outcome: r.outcome,
    code: r.code,
    codeText: auditCodeLabel(r.code),
    accountId: r.targetAccountId,
    accountUsername: r.targetAccount?.username ?? null,
    signUpId: r.targetSignUpId,
    ticketRef: r.ticketRef,
    reason: r.reason,
    reasonText: auditReasonText(r.reason),
    detailSummary: auditDetailText(r.detail),
    detailJson: r.detail === null ? null : JSON.stringify(r.detail),
    ip: r.ip,
    userAgent: r.userAgent,
  };
}

const positionOf = (r: Selected): AuditPosition => ({ at: r.createdAt, id: r.id });

/** Up to `take` entries strictly older (newest of them first) or newer (oldest first) than `from`. */
async function readFrom(db: Db, filter: AuditFilter, from: AuditPosition | null, direction: Direction, take: number): Promise<Selected[]> {
  const order = direction === "older" ? "desc" : "asc";
  const bound = from ? [direction === "older" ? olderThan(from) : newerThan(from)] : [];
  const orderBy = [{ createdAt: order }, { id: order }] satisfies Prisma.AuditEntryOrderByWithRelationInput[];
  // The page's ids first, then its rows. Asking only for ids lets an index that covers
  // the filter and the order answer alone: (action, created_at, id) for the action filter.
  // Asking for whole rows made that index cost a heap visit per row in the planner's
  // eyes, so it walked the time index instead, skipping every newer entry of other
  // actions (account views, most of the log): 60,691 rows for one page on a million
  // entries (bench:audit, "action, all time").
  const ids = await db.auditEntry.findMany({ where: { AND: [filterWhere(filter), ...bound] }, orderBy, take, select: { id: true } });
  if (ids.length === 0) return [];
  return db.auditEntry.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy, select });
}

const readOlder = (db: Db, filter: AuditFilter, after: AuditPosition | null, take: number) => readFrom(db, filter, after, "older", take);

/**
 * One page of the audit log for the page, with links both ways. `dir` "desc" (the
 * default) lists newest first, "asc" oldest first; either way `olderCursor` leads to
 * older entries and `newerCursor` to newer ones, and `isFirstPage` is the start of the
 * chosen order.
 */
export async function listAuditEntries(db: Db, query: AuditLogQuery): Promise<AuditLogPage> {
  const limit = query.limit ?? AUDIT_PAGE_SIZE;
  const cursor = decodeAuditCursor(query.cursor);
  // Reading "forward" walks the chosen order; "back" is towards its start.
  const forward: Direction = query.dir === "asc" ? "newer" : "older";
  const back: Direction = forward === "older" ? "newer" : "older";
  const shown = (rows: Selected[]) => {
    const first = rows[0];
    const last = rows[rows.length - 1];
    // The page's first row is nearest the start of the order, its last the furthest.
    return { start: first ? positionOf(first) : null, end: last ? positionOf(last) : null };
  };
  const links = (start: AuditPosition | null, end: AuditPosition | null, hasBack: boolean, hasForward: boolean) => {
    const backCursor = hasBack && start ? encodeAuditCursor(start, back) : null;
    const forwardCursor = hasForward && end ? encodeAuditCursor(end, forward) : null;
    return forward === "older" ? { olderCursor: forwardCursor, newerCursor: backCursor } : { olderCursor: backCursor, newerCursor: forwardCursor };
  };

  if (cursor?.direction === back) {
    // The page before the cursor: read towards the start, nearest first, then flip.
    const before = await readFrom(db, query, cursor.position, back, limit + 1);
    // Fewer than a page before it: that is the start, so show a full first page instead.
    if (before.length > limit) {
      const rows = before.slice(0, limit).reverse();
      const { start, end } = shown(rows);
      return { entries: rows.map(toDto), ...links(start, end, true, true), isFirstPage: false };
    }
  }

  const after = cursor?.direction === forward ? cursor.position : null;
  const rows = await readFrom(db, query, after, forward, limit + 1);
  const page = rows.slice(0, limit);
  const { start, end } = shown(page);
  return { entries: page.map(toDto), ...links(start, end, after !== null, rows.length > limit), isFirstPage: after === null };
}

/**
 * One export batch: the same filter and order as the page (`dir`: newest first unless
 * "asc"), `limit` rows after `cursor`.
 */
export async function fetchAuditBatch(
  db: Db,
  filter: AuditFilter,
  cursor: AuditPosition | null,
  limit: number,
): Promise<{ rows: AuditEntryDto[]; next: AuditPosition | null }> {
  const rows = filter.dir === "asc" ? await readFrom(db, filter, cursor, "newer", limit) : await readOlder(db, filter, cursor, limit);
  const last = rows[rows.length - 1];
  // A short batch is the last one; a full one may be too, which costs one empty query.
  return { rows: rows.map(toDto), next: rows.length === limit && last ? positionOf(last) : null };
}

/** How many entries the filter matches (the export's progress bar). */
export function countAuditEntries(db: Db, filter: AuditFilter): Promise<number> {
  return db.auditEntry.count({ where: filterWhere(filter) });
}

/** The page's result count stops counting here and says "10,000+": a count of the whole log on every visit would cost a scan. */
export const AUDIT_COUNT_CAP = 10_000;

/** How many entries match, up to `AUDIT_COUNT_CAP + 1` (more reads as "10,000+"). */
export function countAuditEntriesUpTo(db: Db, filter: AuditFilter): Promise<number> {
  return db.auditEntry.count({ where: filterWhere(filter), take: AUDIT_COUNT_CAP + 1 });
}

export const AUDIT_CSV_HEADER = [
  "created_at_utc",
  "id",
  "actor_email",
  "actor_name",
  "action",
  "outcome",
  "code",
  "account_id",
  "account_username",
  "sign_up_id",
  "ticket",
  "reason",
  "detail",
  "ip",
  "user_agent",
  // Human columns, appended so the machine columns keep their places.
  "action_name",
  "reason_text",
  "detail_text",
] as const;

export function auditCsvCells(e: AuditEntryDto): CsvCell[] {
  return [
    e.createdAt,
    e.id,
    e.actorEmail,
    e.actorName,
    e.action,
    e.outcome,
    e.code,
    e.accountId,
    e.accountUsername,
    e.signUpId,
    e.ticketRef,
    e.reason,
    e.detailJson,
    e.ip,
    e.userAgent,
    e.actionLabel,
    e.reasonText ?? e.codeText,
    e.detailSummary,
  ];
}
