// The last accounts a staff user opened, for the home page. Read from the audit trail's
// own `account.view` entries (every opening is audited already), so nothing new is
// stored. Exact and cheap: the actor's entries are walked newest first through the
// (actor_id, created_at desc) index in small keyset batches, and the walk stops as soon
// as enough distinct accounts are found, so the cost is the agent's recent activity, not
// their whole history.
import type { Db } from "@/lib/db/prisma";
import { rowVerdict, type RowVerdict } from "@/lib/diagnosis/verdict-strip";

export const RECENT_LIMIT = 10;
const BATCH = 100;
/** A bound on the walk, for an agent who re-opened the same few accounts thousands of times. */
const MAX_BATCHES = 50;

export interface RecentAccount {
  id: number;
  username: string;
  email: string;
  /** What the search row would say ("Banned", "Locked · 2 h left", "Not blocked"): the verdict, not the raw status. */
  verdict: RowVerdict;
  /** When this staff user last opened it. */
  openedAt: Date;
}

export async function listRecentlyOpened(db: Db, actorId: string, limit = RECENT_LIMIT, now: Date = new Date()): Promise<RecentAccount[]> {
  const seen = new Map<number, Date>();
  let after: { createdAt: Date; id: bigint } | null = null;
  for (let batch = 0; batch < MAX_BATCHES && seen.size < limit; batch++) {
    const rows: { id: bigint; targetAccountId: number | null; createdAt: Date }[] = await db.auditEntry.findMany({
      where: {
        actorId,
        action: "account.view",
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: BATCH,
      select: { id: true, targetAccountId: true, createdAt: true },
    });
    for (const row of rows) {
      if (row.targetAccountId !== null && !seen.has(row.targetAccountId)) seen.set(row.targetAccountId, row.createdAt);
      if (seen.size >= limit) break;
    }
    const last = rows[rows.length - 1];
    if (rows.length < BATCH || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
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
      },
      now,
    );
    return [{ id: a.id, username: a.username, email: a.email, verdict, openedAt }];
  });
}
