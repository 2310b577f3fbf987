// The account page's reads as they were written with Prisma's query API before they
// became one SQL statement (lib/data/accounts/account-sql.ts, timeline.ts), kept only as
// the reference that account-sql.int.test.ts compares the statement with: the diagnosis
// and the timeline must get exactly the same rows, in the same order.
import type { Db, Tx } from "@/lib/db/prisma";
import type { SubjectFacts, AccountSubject, LoginAttemptFacts } from "@/lib/diagnosis/types";
import { formatMoney } from "@/lib/diagnosis/facts";
import {
  decodeCursor,
  encodeCursor,
  READ_ONLY_STAFF_ACTIONS,
  timelineQuery,
  RANK,
  CHANNEL_LABELS,
  FAILURE_REASONS,
  CREDENTIAL_CHANGES,
  BILLING_WARNINGS,
  EMAIL_KINDS,
  EMAIL_STATUSES,
  staffSentence,
  type TimelineEntry,
  type TimelineKind,
  type TimelinePage,
  type TimelineQuery,
} from "@/lib/data/accounts/timeline";
import { FACTS_MAX_ATTEMPTS, FACTS_WINDOW_DAYS } from "@/lib/data/accounts/account-sql";

type Cursor = NonNullable<ReturnType<typeof decodeCursor>>;

const attemptSelect = {
  id: true,
  channel: true,
  outcome: true,
  reason: true,
  usernameTried: true,
  apiKeyPrefix: true,
  ip: true,
  teammateId: true,
  occurredAt: true,
} as const;

function toAttempt(row: {
  id: bigint;
  channel: LoginAttemptFacts["channel"];
  outcome: LoginAttemptFacts["outcome"];
  reason: LoginAttemptFacts["reason"];
  usernameTried: string | null;
  apiKeyPrefix: string | null;
  ip: string;
  teammateId: number | null;
  occurredAt: Date;
}): LoginAttemptFacts {
  return { ...row, id: row.id.toString() };
}

const banSelect = { id: true, bannedAt: true, reason: true, banEmailRef: true, cascadeSubusers: true, inheritedFromId: true } as const;

/**
 * Runs the queries in parallel on the pool, or one after another inside a transaction,
 * where they share one connection (pg 8 warns about overlapping queries on a client and
 * pg 9 will refuse them). Prisma's queries start only when awaited, so awaiting them in
 * turn really does run them in turn.
 */
async function all<T extends readonly unknown[]>(db: Db | Tx, queries: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  if ("$transaction" in db) return Promise.all(queries);
  const results: unknown[] = [];
  for (const query of queries) results.push(await query);
  return results as { -readonly [K in keyof T]: Awaited<T[K]> };
}

export async function referenceAccountFacts(db: Db | Tx, accountId: number, now: Date): Promise<(SubjectFacts & { subject: AccountSubject }) | null> {
  const since = new Date(now.getTime() - FACTS_WINDOW_DAYS * 86_400_000);
  const [account, teammates, apiKeys, integrations, credentialChanges, attempts, invoices, billingWarnings, subusers, dedicatedIps] = await all(db, [
    db.account.findUnique({
      where: { id: accountId },
      select: {
        id: true,
        username: true,
        email: true,
        loginMethod: true,
        unifiedLoginId: true,
        status: true,
        plan: true,
        createdAt: true,
        confirmedAt: true,
        lastLoginAt: true,
        passwordChangedAt: true,
        lockedUntil: true,
        terminatedAt: true,
        parentId: true,
        deletedAt: true,
        ban: { select: banSelect },
        parent: { select: { id: true, username: true, email: true, status: true, ban: { select: banSelect } } },
      },
    }),
    db.teammate.findMany({
      where: { accountId },
      orderBy: { id: "asc" },
      select: { id: true, username: true, email: true, level: true, scopes: true, lastLoginAt: true, deletedAt: true },
    }),
    db.apiKey.findMany({
      where: { accountId },
      orderBy: { createdAt: "desc" },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, createdById: true, revokedAt: true, revokedById: true },
    }),
    db.passwordIntegration.findMany({
      // A removed integration (integration.removed) no longer breaks on a new password.
      where: { accountId, removedAt: null },
      orderBy: { id: "asc" },
      select: { id: true, kind: true, name: true, apiUser: true, lastUsedAt: true },
    }),
    db.credentialChange.findMany({
      where: { accountId, occurredAt: { gte: since } },
      orderBy: { occurredAt: "desc" },
      take: 200,
      select: { id: true, kind: true, teammateId: true, actorLabel: true, ip: true, detail: true, occurredAt: true },
    }),
    db.loginAttempt.findMany({
      where: { accountId, occurredAt: { gte: since } },
      orderBy: { occurredAt: "desc" },
      take: FACTS_MAX_ATTEMPTS,
      select: attemptSelect,
    }),
    db.invoice.findMany({
      where: { accountId },
      orderBy: { period: "desc" },
      take: 24,
      select: { id: true, period: true, amountCents: true, currency: true, issuedAt: true, dueAt: true, paidAt: true },
    }),
    db.billingWarning.findMany({
      where: { accountId },
      orderBy: { sentAt: "desc" },
      take: 50,
      select: { id: true, invoiceId: true, kind: true, sentTo: true, sentAt: true },
    }),
    db.account.findMany({ where: { parentId: accountId }, orderBy: { id: "asc" }, take: 200, select: { id: true, username: true, status: true } }),
    db.dedicatedIp.findMany({
      where: { accountId },
      orderBy: { assignedAt: "desc" },
      select: { id: true, address: true, assignedAt: true, removedAt: true, removedReason: true },
    }),
  ]);
  if (!account) return null;

  // Usernames that match no account are logged without one: find those tried from
  // the addresses this account signs in from (the forgotten-username case).
  const ips = [...new Set(attempts.filter((a) => a.outcome === "SUCCESS").map((a) => a.ip))].slice(0, 20);
  const unknownUsernameAttempts = ips.length
    ? await db.loginAttempt.findMany({
        where: { accountId: null, reason: "UNKNOWN_USERNAME", ip: { in: ips }, occurredAt: { gte: since } },
        orderBy: { occurredAt: "desc" },
        take: 100,
        select: attemptSelect,
      })
    : [];

  const { ban, parent, ...record } = account;
  return {
    subject: {
      kind: "account",
      account: record,
      parent: parent ? { ...parent } : null,
      ban,
      teammates,
      apiKeys,
      integrations,
      credentialChanges,
      loginAttempts: attempts.map(toAttempt),
      unknownUsernameAttempts: unknownUsernameAttempts.map(toAttempt),
      invoices,
      billingWarnings,
      subusers,
      dedicatedIps,
    },
  };
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
function after<F extends string, I>(cursor: Cursor | null, source: keyof typeof RANK, field: F, toId: (id: bigint) => I): After<F, I> {
  if (!cursor) return {};
  const rank = RANK[source];
  const upTo = <V>(value: V) => ({ [field]: value }) as { [K in F]: V };
  if (rank > cursor.r) return upTo({ lte: cursor.at });
  if (rank < cursor.r) return upTo({ lt: cursor.at });
  // TypeScript cannot see that F is never "OR" or "id"; the shape is checked by Prisma's
  // where types at each call site.
  return { OR: [upTo({ lt: cursor.at }), { ...upTo(cursor.at), id: { lt: toId(cursor.id) } }] } as unknown as After<F, I>;
}

const asInt = (id: bigint) => Number(id);
const asBigInt = (id: bigint) => id;

export async function referenceTimeline(db: Db, accountId: number, raw: TimelineQuery = {}): Promise<TimelinePage> {
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

  rows.sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime() || RANK[a.source] - RANK[b.source] || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({ key: `${r.source}-${r.id.toString()}`, ...r.entry })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.entry.at, last.source, last.id) : null,
  };
}
