// Everything the diagnosis engine needs about one account, in one round of parallel
// queries, mapped to the engine's plain types. No server-only import: tests and
// benchmarks call it with their own client, and server actions with their transaction
// (so the guards they enforce read the same facts the page diagnosed).
import type { Db, Tx } from "@/lib/db/prisma";
import type { SubjectFacts, AccountSubject, LoginAttemptFacts, SignUpSubject } from "@/lib/diagnosis/types";

/** How far back the page looks for events: the engine's windows are 30 days. */
export const FACTS_WINDOW_DAYS = 90;
/** Newest login attempts loaded for the diagnosis (the timeline pages further). */
export const FACTS_MAX_ATTEMPTS = 500;

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

export async function loadAccountFacts(db: Db | Tx, accountId: number, now: Date): Promise<(SubjectFacts & { subject: AccountSubject }) | null> {
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

export async function loadSignUpFacts(db: Db | Tx, signUpId: number): Promise<(SubjectFacts & { subject: SignUpSubject }) | null> {
  const signUp = await db.signUp.findUnique({
    where: { id: signUpId },
    select: {
      id: true,
      username: true,
      email: true,
      createdAt: true,
      ip: true,
      confirmationsSent: true,
      lastConfirmationSentAt: true,
      confirmationExpiresAt: true,
      confirmedAt: true,
      accountId: true,
    },
  });
  if (!signUp) return null;
  const { accountId: _accountId, ...facts } = signUp;
  return { subject: { kind: "signup", signUp: facts } };
}
