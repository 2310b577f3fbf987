// The feed behind "Watch live" on the account page: new sign-in attempts of one account,
// found by an indexed poll rather than LISTEN/NOTIFY, because a poll works the same on
// PGlite (whose socket server does not deliver NOTIFY to another connection) and on a
// PostgreSQL server behind any number of web instances, and costs ingest nothing.
//
// New means newly inserted, not newly happened: the platform delivers attempts late and
// out of order, with their original occurred_at, so the poll follows insertion order
// (the id sequence) through the (account_id, id) index on every partition.
//
// Ids are drawn when a row is inserted but become visible when its transaction
// commits, so a smaller id can appear after a larger one (two ingest batches committing
// out of order). The poll therefore does not move its floor to the largest id seen at
// once: ids stay "unsettled" for SETTLE_MS, re-read each poll and skipped if already
// sent, and the floor only passes an id once it has been visible that long. Ingest
// transactions are far shorter than that, so no committed attempt is missed.
// The customer who forgot their username retries with names that match no account, so
// those attempts carry no account id: the feed also follows unknown-username failures
// from the addresses the account signed in from lately (as the diagnosis finds them,
// lib/data/accounts/account-sql.ts), with a floor of their own.
import { FACTS_MAX_IPS } from "@/lib/data/accounts/account-sql";
import { factsSince } from "@/lib/data/accounts/load-account-facts";
import type { Db } from "@/lib/db/prisma";
import { type LiveAttempt } from "@/lib/model/live";
export { type LiveAttempt } from "@/lib/model/live";

/** How long an id stays re-read before the floor may pass it. */
export const SETTLE_MS = 10_000;
/** Attempts per poll at most; a burst beyond it is read on the next polls. */
export const LIVE_BATCH = 200;

interface Settling {
  /** Every attempt followed with an id at or below this has been sent (or predates the watch). */
  floor: bigint;
  /** Ids above the floor already sent, with when they were first seen (ms). */
  seen: Map<bigint, number>;
}

export interface LiveCursor extends Settling {
  /**
   * Unknown-username failures (no account id) from the account's recent addresses. Not
   * carried over a reconnect (the event id holds the account's floor only): a resumed
   * session follows them from the moment it resumes.
   */
  strangers?: Settling & { ips: string[] };
}

/** Starts after the newest attempt the account has now, or after `floor` when resuming. */
export async function openLiveCursor(db: Db, accountId: number, floor?: bigint, now = new Date()): Promise<LiveCursor> {
  const [newest, ips, newestStranger] = await Promise.all([
    floor === undefined ? db.loginAttempt.findFirst({ where: { accountId }, orderBy: { id: "desc" }, select: { id: true } }) : null,
    db.$queryRaw<{ ip: string }[]>`SELECT ip FROM login_attempts
       WHERE account_id = ${accountId}::int4 AND outcome = 'SUCCESS' AND occurred_at >= ${factsSince(now)}::timestamptz
       GROUP BY ip ORDER BY max(occurred_at) DESC LIMIT ${FACTS_MAX_IPS}::int4`,
    db.loginAttempt.findFirst({ where: { accountId: null }, orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const strangers = ips.length ? { ips: ips.map((r) => r.ip), floor: newestStranger?.id ?? 0n, seen: new Map<bigint, number>() } : undefined;
  return { floor: floor ?? newest?.id ?? 0n, seen: new Map(), ...(strangers ? { strangers } : {}) };
}

const LIVE_COLUMNS = { id: true, occurredAt: true, channel: true, outcome: true, reason: true, ip: true, usernameTried: true, apiKeyPrefix: true } as const;

/** Keeps the rows not sent yet and moves the floor past the settled run of ids (see the top comment). */
function settle<R extends { id: bigint }>(rows: readonly R[], state: Settling, nowMs: number): R[] {
  const fresh = rows.filter((r) => !state.seen.has(r.id)).slice(0, LIVE_BATCH);
  for (const r of fresh) state.seen.set(r.id, nowMs);
  const settled = [...state.seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [id, seenAt] of settled) {
    if (nowMs - seenAt < SETTLE_MS) break;
    state.floor = id;
    state.seen.delete(id);
  }
  return fresh;
}

/** The account's attempts (and its strangers') inserted since the last poll, oldest insertion first; advances the cursor. */
export async function pollLiveAttempts(db: Db, accountId: number, cursor: LiveCursor, nowMs = Date.now()): Promise<LiveAttempt[]> {
  const { strangers } = cursor;
  const [own, others] = await Promise.all([
    db.loginAttempt.findMany({
      where: { accountId, id: { gt: cursor.floor } },
      orderBy: { id: "asc" },
      take: LIVE_BATCH + cursor.seen.size,
      select: LIVE_COLUMNS,
    }),
    strangers
      ? db.loginAttempt.findMany({
          where: { accountId: null, reason: "UNKNOWN_USERNAME", ip: { in: strangers.ips }, id: { gt: strangers.floor } },
          orderBy: { id: "asc" },
          take: LIVE_BATCH + strangers.seen.size,
          select: LIVE_COLUMNS,
        })
      : [],
  ]);
  const fresh = [...settle(own, cursor, nowMs), ...(strangers ? settle(others, strangers, nowMs) : [])].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return fresh.map((r) => ({
    id: r.id.toString(),
    occurredAt: r.occurredAt.toISOString(),
    channel: r.channel,
    outcome: r.outcome,
    reason: r.reason,
    ip: r.ip,
    usernameTried: r.usernameTried,
    apiKeyPrefix: r.apiKeyPrefix,
  }));
}

/** Whether the account exists (the route answers 404 before it audits or streams). */
export async function accountExists(db: Db, accountId: number): Promise<boolean> {
  return (await db.account.count({ where: { id: accountId } })) > 0;
}
