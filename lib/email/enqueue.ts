import "server-only";
// Putting a recovery email in the outbox from a server action's transaction, safely
// when many web instances take requests at once. Everything here is held in
// PostgreSQL: transaction-scoped advisory locks serialise the requests that could
// race, and are released by the commit or rollback, so a crashed instance holds none.
//
// Lock order, the same in every transaction (so two never wait on each other):
//   1. the idempotency key   2. the customer account or sign-up   3. the staff user
// The two-integer form keeps each class in its own space: an account id can never
// collide with a key's hash.
import type { Tx } from "@/lib/db/prisma";
import { formatUtc } from "@/lib/diagnosis/time";
import type { EmailKind, OutboxStatus } from "@/lib/generated/prisma/enums";
import { outboxPayload, type OutboxPayload } from "./payload";
import { RATE_WINDOW_MS, recoveryLimits } from "./recovery-config";

const LOCK_KEY = 1;
const LOCK_ACCOUNT = 2;
const LOCK_SIGN_UP = 3;
const LOCK_STAFF = 4;

/** Who the email is about: an account, or a sign-up that has none yet. */
export type RecoverySubject = { accountId: number; signUpId?: never } | { signUpId: number; accountId?: never };

async function lock(tx: Tx, space: number, key: number): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${space}::int4, ${key}::int4)::text AS locked`;
}

async function lockHashed(tx: Tx, space: number, text: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${space}::int4, hashtext(${text}))::text AS locked`;
}

// ---------------------------------------------------------------- idempotency

export interface QueuedEmail {
  outboxId: number;
  recipient: string;
  status: OutboxStatus;
}

export type KeyState =
  | { state: "new" }
  | { state: "duplicate"; email: QueuedEmail }
  /** The key was used by another staff user, or for another email or customer. */
  | { state: "conflict" };

async function keyState(tx: Tx, actorId: string, kind: EmailKind, subject: RecoverySubject, key: string): Promise<KeyState> {
  const row = await tx.emailOutbox.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, recipient: true, status: true, kind: true, accountId: true, signUpId: true, requestedById: true },
  });
  if (!row) return { state: "new" };
  const same =
    row.requestedById === actorId && row.kind === kind && row.accountId === (subject.accountId ?? null) && row.signUpId === (subject.signUpId ?? null);
  return same ? { state: "duplicate", email: { outboxId: row.id, recipient: row.recipient, status: row.status } } : { state: "conflict" };
}

/**
 * Takes the request's key for the rest of the transaction and says whether an email
 * was already queued with it. A concurrent request with the same key waits here until
 * this transaction ends, then sees its row (READ COMMITTED: each statement reads what
 * is committed when it starts) and answers as a duplicate.
 */
export async function claimIdempotencyKey(tx: Tx, actorId: string, kind: EmailKind, subject: RecoverySubject, key: string): Promise<KeyState> {
  await lockHashed(tx, LOCK_KEY, key);
  return keyState(tx, actorId, kind, subject, key);
}

// ---------------------------------------------------------------- rate limits

export interface RateLimitHit {
  /** Audit code. */
  code: "RATE_LIMIT_ACCOUNT" | "RATE_LIMIT_SIGN_UP" | "RATE_LIMIT_AGENT";
  message: string;
  limit: number;
  /** When one more email becomes possible. */
  nextAllowedAt: Date;
}

/** The first minute at or after `at`, so the time shown is never too early. */
function ceilToMinute(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
}

/**
 * When the window lets one more through: the moment enough of the counted emails
 * (oldest first) have left it. With exactly `limit` emails, the oldest one plus an hour.
 */
function nextAllowed(createdAsc: readonly Date[], limit: number): Date | null {
  if (createdAsc.length < limit) return null;
  const leaving = createdAsc[createdAsc.length - limit];
  return leaving ? new Date(leaving.getTime() + RATE_WINDOW_MS) : null;
}

/**
 * Counts the outbox rows of the last hour for the customer and for the staff user,
 * after locking both: concurrent requests for one customer (or by one agent) count
 * one after the other, so no burst can slip past the limit. Every row counts, whatever
 * its status: a failed email was still asked for.
 */
export async function checkRecoveryRateLimits(tx: Tx, subject: RecoverySubject, actorId: string, now: Date): Promise<RateLimitHit | null> {
  const limits = recoveryLimits();
  const since = new Date(now.getTime() - RATE_WINDOW_MS);

  const isAccount = subject.accountId !== undefined;
  if (subject.accountId !== undefined) await lock(tx, LOCK_ACCOUNT, subject.accountId);
  else await lock(tx, LOCK_SIGN_UP, subject.signUpId);
  await lockHashed(tx, LOCK_STAFF, actorId);

  const customerRows = await tx.emailOutbox.findMany({
    where: { ...(isAccount ? { accountId: subject.accountId } : { signUpId: subject.signUpId }), createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const customerNext = nextAllowed(
    customerRows.map((r) => r.createdAt),
    limits.perAccountHour,
  );
  if (customerNext) {
    const who = isAccount ? "This account" : "This sign-up";
    return {
      code: isAccount ? "RATE_LIMIT_ACCOUNT" : "RATE_LIMIT_SIGN_UP",
      limit: limits.perAccountHour,
      nextAllowedAt: customerNext,
      message:
        `${who} already had ${customerRows.length} recovery email${customerRows.length === 1 ? "" : "s"} in the last hour ` +
        `(the limit is ${limits.perAccountHour}). The next one can be sent from ${formatUtc(ceilToMinute(customerNext))}. ` +
        "Ask the customer to check their spam folder first.",
    };
  }

  const agentRows = await tx.emailOutbox.findMany({
    where: { requestedById: actorId, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const agentNext = nextAllowed(
    agentRows.map((r) => r.createdAt),
    limits.perAgentHour,
  );
  if (agentNext) {
    return {
      code: "RATE_LIMIT_AGENT",
      limit: limits.perAgentHour,
      nextAllowedAt: agentNext,
      message:
        `You have requested ${agentRows.length} recovery emails in the last hour (the limit per staff user is ${limits.perAgentHour}). ` +
        `You can send the next one from ${formatUtc(ceilToMinute(agentNext))}, or ask a colleague.`,
    };
  }
  return null;
}

// ---------------------------------------------------------------- the row

export interface NewOutboxRow {
  kind: EmailKind;
  subject: RecoverySubject;
  recipient: string;
  payload: OutboxPayload;
  actorId: string;
  ticketRef: string;
  idempotencyKey: string;
  now: Date;
}

/**
 * Inserts the outbox row, or finds the one already holding the key. ON CONFLICT DO
 * NOTHING (rather than a plain insert) because a unique violation would abort the
 * whole transaction, audit entry included; with the key lock taken first it is only
 * the last line of defence.
 */
export async function insertOutboxRow(tx: Tx, row: NewOutboxRow): Promise<{ state: "inserted"; outboxId: number } | Exclude<KeyState, { state: "new" }>> {
  const payload = JSON.stringify(outboxPayload.parse(row.payload));
  const inserted = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO email_outbox
      (kind, recipient, account_id, sign_up_id, status, attempts, next_attempt_at, payload, requested_by_id, ticket_ref, idempotency_key, created_at)
    VALUES
      (${row.kind}::email_kind, ${row.recipient}, ${row.subject.accountId ?? null}::int4, ${row.subject.signUpId ?? null}::int4,
       'QUEUED'::outbox_status, 0, ${row.now}::timestamptz, ${payload}::jsonb, ${row.actorId}, ${row.ticketRef}, ${row.idempotencyKey}, ${row.now}::timestamptz)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id`;
  const id = inserted[0]?.id;
  if (id !== undefined) return { state: "inserted", outboxId: id };
  const existing = await keyState(tx, row.actorId, row.kind, row.subject, row.idempotencyKey);
  // "new" cannot happen (the conflict means a committed row holds the key); treat it as a conflict.
  return existing.state === "new" ? { state: "conflict" } : existing;
}
