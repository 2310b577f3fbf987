// The account's history merged newest first: login attempts, credential changes,
// billing notices and invoices, the ban, customer emails the console sent, and staff
// actions. Keyset-paged (an opaque cursor), because login attempts alone can be tens of
// thousands of rows per account: each page reads at most `limit` rows per source
// through its (account_id, time desc) index and merges them.
import { formatMoney } from "@/lib/diagnosis/facts";
import { cursorCodec } from "@/lib/validation/cursor";
import { z } from "zod";
import type { Db } from "@/lib/db/prisma";

export const TIMELINE_KINDS = ["login", "credential", "billing", "ban", "email", "staff"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TIMELINE_CHANNELS = ["WEB", "API", "SMTP"] as const;

export interface TimelineEntry {
  /** Anchor id, matching the diagnosis evidence refs (e.g. `login_attempt-123`). */
  key: string;
  kind: TimelineKind;
  at: Date;
  title: string;
  detail: string | null;
  tone: "neutral" | "good" | "bad" | "warn";
}

export interface TimelinePage {
  entries: TimelineEntry[];
  /** Pass back to get the next (older) page; null at the end. */
  nextCursor: string | null;
}

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
const RANK: Record<string, number> = { login_attempt: 0, credential_change: 1, billing_warning: 2, invoice: 3, ban: 4, email: 5, audit: 6 };

const cursors = cursorCodec(z.object({ at: z.iso.datetime(), r: z.number().int().min(0).max(6), id: z.string().regex(/^\d{1,20}$/) }));
type Cursor = { at: Date; r: number; id: bigint };

export function encodeCursor(at: Date, source: string, id: bigint | number): string {
  return cursors.encode({ at: at.toISOString(), r: RANK[source] ?? 0, id: String(id) });
}

/** An unreadable cursor (edited URL) starts from the newest entry rather than failing. */
export function decodeCursor(raw: string | undefined): Cursor | null {
  const wire = cursors.decode(raw);
  return wire ? { at: new Date(wire.at), r: wire.r, id: BigInt(wire.id) } : null;
}

interface Row {
  source: keyof typeof RANK;
  id: bigint;
  entry: Omit<TimelineEntry, "key">;
}

type After<F extends string, I> = { [K in F]?: { lte: Date } | { lt: Date } } & {
  OR?: ({ [K in F]?: { lt: Date } } | ({ [K in F]?: Date } & { id: { lt: I } }))[];
};

/** Rows strictly after the cursor in (time desc, rank asc, id desc) order, for one source. */
function after<F extends string, I>(cursor: Cursor | null, source: string, field: F, toId: (id: bigint) => I): After<F, I> {
  if (!cursor) return {};
  const rank = RANK[source] ?? 0;
  const upTo = <V>(value: V) => ({ [field]: value }) as { [K in F]: V };
  if (rank > cursor.r) return upTo({ lte: cursor.at });
  if (rank < cursor.r) return upTo({ lt: cursor.at });
  // TypeScript cannot see that F is never "OR" or "id"; the shape is checked by Prisma's
  // where types at each call site.
  return { OR: [upTo({ lt: cursor.at }), { ...upTo(cursor.at), id: { lt: toId(cursor.id) } }] } as unknown as After<F, I>;
}

// The wording of each event: sentences that start with a capital and read the same way
// across sources ("Password changed by alex", "Wrong password"), never enum codes.
const CHANNEL_LABELS = { WEB: "Web login", API: "API login", SMTP: "SMTP login" } as const;
const FAILURE_REASONS = {
  WRONG_PASSWORD: "Wrong password",
  UNKNOWN_USERNAME: "Unknown username",
  UNCONFIRMED: "Refused: email not confirmed",
  TERMINATED: "Refused: account terminated",
  BANNED: "Refused: account banned",
  BAD_API_KEY: "API key rejected",
  UNIFIED_LOGIN_REQUIRED: "Refused: must sign in through the parent company",
  LOCKED: "Refused: temporarily locked",
} as const;
const CREDENTIAL_CHANGES = {
  PASSWORD: "Password changed",
  USERNAME: "Username changed",
  EMAIL: "Email changed",
  API_KEY_CREATED: "API key created",
  API_KEY_REVOKED: "API key revoked",
} as const;
const BILLING_WARNINGS = {
  PAYMENT_FAILED: "Payment failed email sent",
  REMINDER: "Payment reminder sent",
  FINAL_NOTICE: "Final notice sent",
  TERMINATION_NOTICE: "Termination notice sent",
} as const;
const EMAIL_KINDS = {
  PASSWORD_RESET: "Password reset email",
  USERNAME_RECOVERY: "Username reminder email",
  CONFIRMATION_RESEND: "Confirmation email",
} as const;
const EMAIL_STATUSES = { QUEUED: "queued", SENDING: "sending", SENT: "sent", FAILED: "failed" } as const;
const STAFF_ACTIONS: Record<string, string> = {
  "account.view": "Account viewed",
  "signup.view": "Sign-up viewed",
  "customer.search": "Searched",
  "account.reactivate": "Reactivation",
  "recovery.send_password_reset": "Password reset sent",
  "recovery.send_username": "Username reminder sent",
  "recovery.resend_confirmation": "Confirmation email resent",
  "email.retry": "Email retried",
};

function staffSentence(action: string, actorEmail: string, outcome: string, code: string | null): string {
  const what = STAFF_ACTIONS[action] ?? `Staff action ${action}`;
  if (outcome === "DONE") return `${what} by ${actorEmail}`;
  const why = code ? `: ${code.replace(/_/g, " ").toLowerCase()}` : "";
  return `${what} ${outcome === "REFUSED" ? "refused" : "failed"} for ${actorEmail}${why}`;
}

const asInt = (id: bigint) => Number(id);
const asBigInt = (id: bigint) => id;

export async function getTimeline(db: Db, accountId: number, raw: TimelineQuery = {}): Promise<TimelinePage> {
  const q = timelineQuery.parse(raw);
  const cursor = decodeCursor(q.cursor);
  const want = (kind: TimelineKind) => (!q.kinds?.length || q.kinds.includes(kind)) && (!q.channel || kind === "login");
  const take = q.limit + 1;
  const staffViews = q.staffViews ?? (q.kinds?.length === 1 && q.kinds[0] === "staff");

  const [attempts, changes, warnings, invoices, ban, emails, audits] = await Promise.all([
    want("login")
      ? db.loginAttempt.findMany({
          where: { accountId, ...(q.channel ? { channel: q.channel } : {}), ...after(cursor, "login_attempt", "occurredAt", asBigInt) },
          orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
          take,
          select: { id: true, channel: true, outcome: true, reason: true, usernameTried: true, apiKeyPrefix: true, ip: true, occurredAt: true },
        })
      : [],
    want("credential")
      ? db.credentialChange.findMany({
          where: { accountId, ...after(cursor, "credential_change", "occurredAt", asInt) },
          orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
          take,
          select: { id: true, kind: true, actorLabel: true, ip: true, detail: true, occurredAt: true },
        })
      : [],
    want("billing")
      ? db.billingWarning.findMany({
          where: { accountId, ...after(cursor, "billing_warning", "sentAt", asInt) },
          orderBy: [{ sentAt: "desc" }, { id: "desc" }],
          take,
          select: { id: true, kind: true, sentTo: true, sentAt: true },
        })
      : [],
    want("billing")
      ? db.invoice.findMany({
          where: { accountId, ...after(cursor, "invoice", "issuedAt", asInt) },
          orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
          take,
          select: { id: true, period: true, amountCents: true, currency: true, issuedAt: true, paidAt: true },
        })
      : [],
    want("ban")
      ? db.ban.findFirst({ where: { accountId, ...after(cursor, "ban", "bannedAt", asInt) }, select: { id: true, bannedAt: true, reason: true } })
      : null,
    want("email")
      ? db.emailOutbox.findMany({
          where: { accountId, ...after(cursor, "email", "createdAt", asInt) },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take,
          select: { id: true, kind: true, status: true, recipient: true, createdAt: true, ticketRef: true },
        })
      : [],
    want("staff")
      ? db.auditEntry.findMany({
          where: {
            targetAccountId: accountId,
            ...(staffViews ? {} : { action: { notIn: [...READ_ONLY_STAFF_ACTIONS] } }),
            ...after(cursor, "audit", "createdAt", asBigInt),
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take,
          select: { id: true, action: true, outcome: true, code: true, actorEmail: true, ticketRef: true, createdAt: true },
        })
      : [],
  ]);

  const rows: Row[] = [
    ...attempts.map((a): Row => ({
      source: "login_attempt",
      id: a.id,
      entry: {
        kind: "login",
        at: a.occurredAt,
        title: a.outcome === "SUCCESS" ? "Logged in" : a.reason ? FAILURE_REASONS[a.reason] : "Login failed",
        detail: [CHANNEL_LABELS[a.channel], a.usernameTried ? `as “${a.usernameTried}”` : null, a.apiKeyPrefix ? `key ${a.apiKeyPrefix}` : null, `from ${a.ip}`]
          .filter(Boolean)
          .join(" · "),
        tone: a.outcome === "SUCCESS" ? "good" : "bad",
      },
    })),
    ...changes.map((c): Row => ({
      source: "credential_change",
      id: BigInt(c.id),
      entry: {
        kind: "credential",
        at: c.occurredAt,
        title: `${CREDENTIAL_CHANGES[c.kind]} by ${c.actorLabel}`,
        detail: [c.detail, c.ip ? `from ${c.ip}` : null].filter(Boolean).join(" · ") || null,
        tone: "warn",
      },
    })),
    ...warnings.map((w): Row => ({
      source: "billing_warning",
      id: BigInt(w.id),
      entry: { kind: "billing", at: w.sentAt, title: BILLING_WARNINGS[w.kind], detail: `to ${w.sentTo}`, tone: "warn" },
    })),
    ...invoices.map((i): Row => ({
      source: "invoice",
      id: BigInt(i.id),
      entry: {
        kind: "billing",
        at: i.issuedAt,
        title: `Invoice for ${i.period.toISOString().slice(0, 7)} issued`,
        detail: `${formatMoney(i.amountCents, i.currency)} · ${i.paidAt ? `paid ${i.paidAt.toISOString().slice(0, 10)}` : "unpaid"}`,
        tone: i.paidAt ? "neutral" : "warn",
      },
    })),
    ...(ban
      ? [
          {
            source: "ban",
            id: BigInt(ban.id),
            entry: { kind: "ban", at: ban.bannedAt, title: "Account banned", detail: ban.reason, tone: "bad" },
          } satisfies Row,
        ]
      : []),
    ...emails.map((e): Row => ({
      source: "email",
      id: BigInt(e.id),
      entry: {
        kind: "email",
        at: e.createdAt,
        title: `${EMAIL_KINDS[e.kind]} ${EMAIL_STATUSES[e.status]}`,
        detail: [`to ${e.recipient}`, e.ticketRef ? `ticket ${e.ticketRef}` : null].filter(Boolean).join(" · "),
        tone: e.status === "FAILED" ? "bad" : "neutral",
      },
    })),
    ...audits.map((a): Row => ({
      source: "audit",
      id: a.id,
      entry: {
        kind: "staff",
        at: a.createdAt,
        title: staffSentence(a.action, a.actorEmail, a.outcome, a.code),
        detail: a.ticketRef ? `ticket ${a.ticketRef}` : null,
        tone: a.outcome === "DONE" ? "neutral" : "warn",
      },
    })),
  ];

  rows.sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime() || (RANK[a.source] ?? 0) - (RANK[b.source] ?? 0) || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({ key: `${r.source}-${r.id.toString()}`, ...r.entry })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.entry.at, last.source, last.id) : null,
  };
}
