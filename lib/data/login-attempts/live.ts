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
import type { Db } from "@/lib/db/prisma";
import { type LiveAttempt } from "@/lib/model/live";
export { type LiveAttempt } from "@/lib/model/live";

/** How long an id stays re-read before the floor may pass it. */
export const SETTLE_MS = 10_000;
/** Attempts per poll at most; a burst beyond it is read on the next polls. */
export const LIVE_BATCH = 200;

export interface LiveCursor {
  /** Every attempt of the account with an id at or below this has been sent (or predates the watch). */
  floor: bigint;
  /** Ids above the floor already sent, with when they were first seen (ms). */
  seen: Map<bigint, number>;
}

/** Starts after the newest attempt the account has now, or after `floor` when resuming. */
export async function openLiveCursor(db: Db, accountId: number, floor?: bigint): Promise<LiveCursor> {
  if (floor !== undefined) return { floor, seen: new Map() };
  const newest = await db.loginAttempt.findFirst({ where: { accountId }, orderBy: { id: "desc" }, select: { id: true } });
  return { floor: newest?.id ?? 0n, seen: new Map() };
}

/** The account's attempts inserted since the last poll, oldest insertion first; advances the cursor. */
export async function pollLiveAttempts(db: Db, accountId: number, cursor: LiveCursor, nowMs = Date.now()): Promise<LiveAttempt[]> {
  const rows = await db.loginAttempt.findMany({
    where: { accountId, id: { gt: cursor.floor } },
    orderBy: { id: "asc" },
    take: LIVE_BATCH + cursor.seen.size,
    select: { id: true, occurredAt: true, channel: true, outcome: true, reason: true, ip: true, usernameTried: true, apiKeyPrefix: true },
  });
  const fresh = rows.filter((r) => !cursor.seen.has(r.id)).slice(0, LIVE_BATCH);
  for (const r of fresh) cursor.seen.set(r.id, nowMs);
  // The floor passes the longest run of settled ids from the bottom; an unsettled id
  // (seen recently) stops it, so a smaller id committing late is still found above it.
  const settled = [...cursor.seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [id, seenAt] of settled) {
    if (nowMs - seenAt < SETTLE_MS) break;
    cursor.floor = id;
    cursor.seen.delete(id);
  }
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
