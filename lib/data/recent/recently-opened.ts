// The last accounts a staff user opened, for the home page. Read from the audit trail's
// own `account.view` entries (every opening is audited already), so nothing new is
// stored. Exact and cheap: the actor's account views are walked newest first through
// their own partial index (audit_entries_account_views_idx) in small keyset batches, and
// the walk stops as soon as enough distinct accounts are found, so the cost is the
// agent's recent activity, not their whole history nor the rest of the trail.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/prisma";
import { rowVerdict } from "@/lib/diagnosis/verdict-strip";
import { type RecentAccount } from "@/lib/model/recent-accounts";
export { type RecentAccount } from "@/lib/model/recent-accounts";

export const RECENT_LIMIT = 10;
const BATCH = 100;
/** A bound on the walk, for an agent who re-opened the same few accounts thousands of times. */
const MAX_BATCHES = 50;

export async function listRecentlyOpened(db: Db, actorId: string, limit = RECENT_LIMIT, now: Date = new Date()): Promise<RecentAccount[]> {
  const seen = new Map<number, Date>();
  let after: { createdAt: Date; id: bigint } | null = null;
  for (let batch = 0; batch < MAX_BATCHES && seen.size < limit; batch++) {
    // Exactly the shape of audit_entries_account_views_idx (actor, then created_at and id
    // descending, for account views only, carrying the target): an index-only range read
    // that starts at the cursor. The row comparison is what lets the cursor be an index
    // condition; written as "a < x OR (a = x AND b < y)" it was a filter, and the planner
    // preferred walking the whole trail's created_at index for a busy actor.
    const rows: { id: bigint; target_account_id: number | null; created_at: Date }[] = await db.$queryRaw`
      SELECT id, target_account_id, created_at FROM audit_entries
       WHERE actor_id = ${actorId} AND action = 'account.view'
         ${after ? Prisma.sql`AND (created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::bigint)` : Prisma.empty}
       ORDER BY created_at DESC, id DESC
       LIMIT ${BATCH}::int4`;
    for (const row of rows) {
      if (row.target_account_id !== null && !seen.has(row.target_account_id)) seen.set(row.target_account_id, row.created_at);
      if (seen.size >= limit) break;
    }
    const last = rows[rows.length - 1];
    if (rows.length < BATCH || !last) break;
    after = { createdAt: last.created_at, id: last.id };
  }
  if (seen.size === 0) return [];
  const accounts = await db.account.findMany({
    where: { id: { in: [...seen.keys()] } },
    select: {
      id: true,
      username: true,
      email: true,
      status: true,
      loginMethod: true,
      lockedUntil: true,
      deletedAt: true,
      parent: { select: { status: true, username: true } },
    },
  });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return [...seen.entries()].flatMap(([id, openedAt]) => {
    const a = byId.get(id);
    if (!a) return [];
    const verdict = rowVerdict(
      {
        kind: "account",
        status: a.status,
        loginMethod: a.loginMethod,
        lockedUntil: a.lockedUntil,
        parentStatus: a.parent?.status ?? null,
        parentUsername: a.parent?.username ?? null,
        deletedAt: a.deletedAt,
      },
      now,
    );
    return [{ id: a.id, username: a.username, email: a.email, verdict, openedAt }];
  });
}
