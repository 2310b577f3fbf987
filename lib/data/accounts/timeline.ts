// The account's history merged newest first: login attempts, credential changes,
// billing notices and invoices, the ban, customer emails the console sent, and staff
// actions. Keyset-paged (an opaque cursor), because login attempts alone can be tens of
// thousands of rows per account: each page reads at most `limit` rows per source
// through its (account_id, time desc) index, and PostgreSQL merges them (one statement,
// UNION ALL of the sources, so the account page can embed it in its own statement).
import { formatMoney } from "@/lib/diagnosis/facts";
import { Prisma } from "@/lib/generated/prisma/client";
import { cursorCodec } from "@/lib/validation/cursor";
import { z } from "zod";
import { planOnce, type Db } from "@/lib/db/prisma";
import { bigintText, timestamp } from "./account-json";
import { auditActionLabel, auditCodeLabel } from "@/lib/audit/describe";
import { TIMELINE_KINDS, type TimelineKind, TIMELINE_CHANNELS, type TimelineEntry, type TimelinePage } from "@/lib/model/timeline";
import { LOGIN_FAILURE_WORDS } from "@/lib/model/login-failures";
export { TIMELINE_KINDS, type TimelineKind, TIMELINE_CHANNELS, type TimelineChannel, type TimelineEntry, type TimelinePage } from "@/lib/model/timeline";

/**
 * Staff actions that only read (opening the page, searching). An agent's own page views
 * used to fill the first rows of the story ("account.view" six times before the first
 * failed login), so they are left out unless the staff filter asks for them.
 */
export const READ_ONLY_STAFF_ACTIONS = ["account.view", "signup.view", "customer.search", "mail.view"] as const;

export const timelineQuery = z.object({
  kinds: z.array(z.enum(TIMELINE_KINDS)).max(TIMELINE_KINDS.length).optional(),
  /** Include staff page views; by default only when the staff filter alone is chosen. */
  staffViews: z.boolean().optional(),
  channel: z.enum(TIMELINE_CHANNELS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TimelineQuery = z.input<typeof timelineQuery>;

// Ties at the same instant are ordered by source rank, then id, so the cursor is exact.
export const RANK = { login_attempt: 0, credential_change: 1, billing_warning: 2, invoice: 3, ban: 4, email: 5, audit: 6 } as const;
export type TimelineSource = keyof typeof RANK;

const cursors = cursorCodec(z.object({ at: z.iso.datetime(), r: z.number().int().min(0).max(6), id: z.string().regex(/^\d{1,20}$/) }));
type Cursor = { at: Date; r: number; id: bigint };

export function encodeCursor(at: Date, source: TimelineSource, id: bigint | number): string {
  return cursors.encode({ at: at.toISOString(), r: RANK[source], id: String(id) });
}

/** An unreadable cursor (edited URL) starts from the newest entry rather than failing. */
export function decodeCursor(raw: string | undefined): Cursor | null {
  const wire = cursors.decode(raw);
  return wire ? { at: new Date(wire.at), r: wire.r, id: BigInt(wire.id) } : null;
}

// The wording of each event: sentences that start with a capital and read the same way
// across sources ("Password changed by alex", "Wrong password"), never enum codes.
export const CHANNEL_LABELS = { WEB: "Web login", API: "API login", SMTP: "SMTP login" } as const;
/** A failure's timeline title: the standalone form of lib/model/login-failures.ts's words. */
export const FAILURE_REASONS = Object.fromEntries(Object.entries(LOGIN_FAILURE_WORDS).map(([reason, words]) => [reason, words.sentence])) as Record<
  keyof typeof LOGIN_FAILURE_WORDS,
  string
>;
export const CREDENTIAL_CHANGES = {
  PASSWORD: "Password changed",
  USERNAME: "Username changed",
  EMAIL: "Email changed",
  API_KEY_CREATED: "API key created",
  API_KEY_REVOKED: "API key revoked",
} as const;
export const BILLING_WARNINGS = {
  PAYMENT_FAILED: "Payment failed email sent",
  REMINDER: "Payment reminder sent",
  FINAL_NOTICE: "Final notice sent",
  TERMINATION_NOTICE: "Termination notice sent",
} as const;
export const EMAIL_KINDS = {
  PASSWORD_RESET: "Password reset email",
  USERNAME_RECOVERY: "Username reminder email",
  CONFIRMATION_RESEND: "Confirmation email",
} as const;
export const EMAIL_STATUSES = { QUEUED: "queued", SENDING: "sending", SENT: "sent", FAILED: "failed" } as const;
/**
 * A staff action on the timeline in the audit log's own words (lib/audit/describe.ts, one
 * source for both): "Sent a password reset · agent@console.example", and for one that did
 * not happen "Refused: Sent a password reset (Too many emails: rate limit reached) · …".
 */
export function staffSentence(action: string, actorEmail: string, outcome: string, code: string | null): string {
  const what = auditActionLabel(action);
  if (outcome === "DONE") return `${what} · ${actorEmail}`;
  const why = auditCodeLabel(code);
  return `${outcome === "REFUSED" ? "Refused" : "Failed"}: ${what}${why ? ` (${why})` : ""} · ${actorEmail}`;
}

// ------------------------------------------------------------------ the statement

/** The newest-first order of the whole timeline; ties at one instant by source rank, then id. */
const ORDER = Prisma.sql`ORDER BY at DESC, rank, id DESC`;

/**
 * Rows strictly after the cursor in (time desc, rank asc, id desc) order, for one
 * source of rank `rank` whose time column is `at` (an expression on the source's alias).
 */
function after(cursor: Cursor | null, rank: number, at: Prisma.Sql, id: Prisma.Sql): Prisma.Sql {
  if (!cursor) return Prisma.empty;
  if (rank > cursor.r) return Prisma.sql`AND ${at} <= ${cursor.at}::timestamptz`;
  if (rank < cursor.r) return Prisma.sql`AND ${at} < ${cursor.at}::timestamptz`;
  return Prisma.sql`AND (${at} < ${cursor.at}::timestamptz OR (${at} = ${cursor.at}::timestamptz AND ${id} < ${cursor.id.toString()}::int8))`;
}

/**
 * One page of the timeline as a JSON array (newest first, `limit + 1` rows, the extra
 * one telling whether there is more) of `{ s, id, at, ... }`, each source with the
 * fields its sentence needs; `timelinePageFrom` turns it into entries. A PostgreSQL
 * expression: run it alone (getTimeline) or inside a larger statement (the account page).
 */
export function timelineJson(accountId: number, raw: TimelineQuery = {}): { sql: Prisma.Sql; limit: number } {
  const q = timelineQuery.parse(raw);
  const cursor = decodeCursor(q.cursor);
  const want = (kind: TimelineKind) => (!q.kinds?.length || q.kinds.includes(kind)) && (!q.channel || kind === "login");
  const take = q.limit + 1;
  const staffViews = q.staffViews ?? (q.kinds?.length === 1 && q.kinds[0] === "staff");
  // What each source contributes: its table, its time column, the fields its sentence
  // needs, and any filter of its own.
  const sources: { source: TimelineSource; kind: TimelineKind; table: string; at: string; owner?: string; row: Prisma.Sql; where?: Prisma.Sql }[] = [
    {
      source: "login_attempt",
      kind: "login",
      table: "login_attempts",
      at: "occurred_at",
      row: Prisma.sql`'channel', x.channel, 'outcome', x.outcome, 'reason', x.reason, 'usernameTried', x.username_tried,
        'apiKeyPrefix', x.api_key_prefix, 'ip', x.ip`,
      ...(q.channel ? { where: Prisma.sql`AND x.channel = ${q.channel}::login_channel` } : {}),
    },
    {
      source: "credential_change",
      kind: "credential",
      table: "credential_changes",
      at: "occurred_at",
      row: Prisma.sql`'kind', x.kind, 'actorLabel', x.actor_label, 'ip', x.ip, 'detail', x.detail`,
    },
    { source: "billing_warning", kind: "billing", table: "billing_warnings", at: "sent_at", row: Prisma.sql`'kind', x.kind, 'sentTo', x.sent_to` },
    {
      source: "invoice",
      kind: "billing",
      table: "invoices",
      at: "issued_at",
      row: Prisma.sql`'period', x.period, 'amountCents', x.amount_cents, 'currency', x.currency, 'paidAt', x.paid_at`,
    },
    { source: "ban", kind: "ban", table: "bans", at: "banned_at", row: Prisma.sql`'reason', x.reason` },
    {
      source: "email",
      kind: "email",
      table: "email_outbox",
      at: "created_at",
      row: Prisma.sql`'kind', x.kind, 'status', x.status, 'recipient', x.recipient, 'ticketRef', x.ticket_ref`,
    },
    {
      source: "audit",
      kind: "staff",
      table: "audit_entries",
      at: "created_at",
      owner: "target_account_id",
      row: Prisma.sql`'action', x.action, 'outcome', x.outcome, 'code', x.code, 'actorEmail', x.actor_email, 'ticketRef', x.ticket_ref`,
      ...(staffViews ? {} : { where: Prisma.sql`AND x.action NOT IN (${Prisma.join([...READ_ONLY_STAFF_ACTIONS])})` }),
    },
  ];
  // Each branch reads at most `take` rows through its source's (account, time desc) index.
  const branches = sources
    .filter((b) => want(b.kind))
    .map((b) => {
      const at = Prisma.raw(`x.${b.at}`);
      return Prisma.sql`(SELECT ${RANK[b.source]}::int4 AS rank, x.id::int8 AS id, ${at} AS at,
          json_build_object('s', ${b.source}::text, 'id', x.id::text, 'at', ${at}, ${b.row}) AS row
        FROM ${Prisma.raw(b.table)} x
        WHERE x.${Prisma.raw(b.owner ?? "account_id")} = ${accountId}::int4 ${b.where ?? Prisma.empty} ${after(cursor, RANK[b.source], at, Prisma.sql`x.id`)}
        ORDER BY ${at} DESC, x.id DESC LIMIT ${take}::int4)`;
    });
  if (branches.length === 0) return { sql: Prisma.sql`'[]'::json`, limit: q.limit };
  return {
    sql: Prisma.sql`(SELECT coalesce(json_agg(t.row ${ORDER}), '[]') FROM (
      SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) u ${ORDER} LIMIT ${take}::int4) t)`,
    limit: q.limit,
  };
}

const common = { id: bigintText, at: timestamp };
const rowJson = z.discriminatedUnion("s", [
  z.object({
    s: z.literal("login_attempt"),
    ...common,
    channel: z.enum(["WEB", "API", "SMTP"]),
    outcome: z.enum(["SUCCESS", "FAILURE"]),
    reason: z.enum(Object.keys(FAILURE_REASONS) as [keyof typeof FAILURE_REASONS]).nullable(),
    usernameTried: z.string().nullable(),
    apiKeyPrefix: z.string().nullable(),
    ip: z.string(),
  }),
  z.object({
    s: z.literal("credential_change"),
    ...common,
    kind: z.enum(Object.keys(CREDENTIAL_CHANGES) as [keyof typeof CREDENTIAL_CHANGES]),
    actorLabel: z.string(),
    ip: z.string().nullable(),
    detail: z.string().nullable(),
  }),
  z.object({ s: z.literal("billing_warning"), ...common, kind: z.enum(Object.keys(BILLING_WARNINGS) as [keyof typeof BILLING_WARNINGS]), sentTo: z.string() }),
  z.object({ s: z.literal("invoice"), ...common, period: timestamp, amountCents: z.number().int(), currency: z.string(), paidAt: timestamp.nullable() }),
  z.object({ s: z.literal("ban"), ...common, reason: z.string() }),
  z.object({
    s: z.literal("email"),
    ...common,
    kind: z.enum(Object.keys(EMAIL_KINDS) as [keyof typeof EMAIL_KINDS]),
    status: z.enum(Object.keys(EMAIL_STATUSES) as [keyof typeof EMAIL_STATUSES]),
    recipient: z.string(),
    ticketRef: z.string().nullable(),
  }),
  z.object({
    s: z.literal("audit"),
    ...common,
    action: z.string(),
    outcome: z.enum(["DONE", "REFUSED", "FAILED"]),
    code: z.string().nullable(),
    actorEmail: z.string(),
    ticketRef: z.string().nullable(),
  }),
]);
export const timelineRowsJson = z.array(rowJson);
type TimelineRow = z.output<typeof rowJson>;

function entryOf(r: TimelineRow): Omit<TimelineEntry, "key"> {
  switch (r.s) {
    case "login_attempt":
      return {
        kind: "login",
        at: r.at,
        title: r.outcome === "SUCCESS" ? "Logged in" : r.reason ? FAILURE_REASONS[r.reason] : "Login failed",
        detail: [CHANNEL_LABELS[r.channel], r.usernameTried ? `as “${r.usernameTried}”` : null, r.apiKeyPrefix ? `key ${r.apiKeyPrefix}` : null, `from ${r.ip}`]
          .filter(Boolean)
          .join(" · "),
        tone: r.outcome === "SUCCESS" ? "good" : "bad",
      };
    case "credential_change":
      return {
        kind: "credential",
        at: r.at,
        title: `${CREDENTIAL_CHANGES[r.kind]} by ${r.actorLabel}`,
        detail: [r.detail, r.ip ? `from ${r.ip}` : null].filter(Boolean).join(" · ") || null,
        tone: "warn",
      };
    case "billing_warning":
      return { kind: "billing", at: r.at, title: BILLING_WARNINGS[r.kind], detail: `to ${r.sentTo}`, tone: "warn" };
    case "invoice":
      return {
        kind: "billing",
        at: r.at,
        title: `Invoice for ${r.period.toISOString().slice(0, 7)} issued`,
        detail: `${formatMoney(r.amountCents, r.currency)} · ${r.paidAt ? `paid ${r.paidAt.toISOString().slice(0, 10)}` : "unpaid"}`,
        tone: r.paidAt ? "neutral" : "warn",
      };
    case "ban":
      return { kind: "ban", at: r.at, title: "Account banned", detail: r.reason, tone: "bad" };
    case "email":
      return {
        kind: "email",
        at: r.at,
        title: `${EMAIL_KINDS[r.kind]} ${EMAIL_STATUSES[r.status]}`,
        detail: [`to ${r.recipient}`, r.ticketRef ? `ticket ${r.ticketRef}` : null].filter(Boolean).join(" · "),
        tone: r.status === "FAILED" ? "bad" : "neutral",
      };
    case "audit":
      return {
        kind: "staff",
        at: r.at,
        title: staffSentence(r.action, r.actorEmail, r.outcome, r.code),
        detail: r.ticketRef ? `ticket ${r.ticketRef}` : null,
        tone: r.outcome === "DONE" ? "neutral" : "warn",
      };
  }
}

/** The page from `timelineJson`'s rows (already merged and ordered by PostgreSQL). */
export function timelinePageFrom(json: unknown, limit: number): TimelinePage {
  const rows = timelineRowsJson.parse(json);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({ key: `${r.s}-${r.id}`, ...entryOf(r) })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.s, BigInt(last.id)) : null,
  };
}

export async function getTimeline(db: Db, accountId: number, query: TimelineQuery = {}): Promise<TimelinePage> {
  const { sql, limit } = timelineJson(accountId, query);
  const [row] = await db.$queryRaw<{ page: unknown }[]>(planOnce(Prisma.sql`SELECT ${sql} AS page`));
  return timelinePageFrom(row?.page ?? [], limit);
}
