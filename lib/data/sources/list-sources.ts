import "server-only";
import type { Db } from "@/lib/db/prisma";

/** One row of the sources page: prefixes only, never a token or a hash. */
export interface SourceDto {
  id: number;
  name: string;
  tokenPrefix: string;
  /** The rotated-out token's prefix while it still works, else null. */
  previousTokenPrefix: string | null;
  previousTokenExpiresAt: string | null;
  scopes: string[];
  allowedTypes: string[];
  maxEventsPerSecond: number;
  createdAt: string;
  createdBy: string | null;
  rotatedAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** BigInt counters as strings: they can outgrow a JS number's exact range. */
  eventsAccepted: string;
  eventsDuplicate: string;
  eventsRejected: string;
  /** Events parked for a record that has not arrived yet, and since when the oldest waits. */
  eventsWaiting: number;
  oldestWaitingSince: string | null;
}

// A platform has a handful of sending systems; the limit only guards the page.
export const SOURCE_LIST_LIMIT = 200;

export async function listSources(db: Db, now = new Date()): Promise<SourceDto[]> {
  const rows = await db.eventSource.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
    take: SOURCE_LIST_LIMIT,
    select: {
      id: true,
      name: true,
      tokenPrefix: true,
      previousTokenPrefix: true,
      previousTokenExpiresAt: true,
      scopes: true,
      allowedTypes: true,
      maxEventsPerSecond: true,
      createdAt: true,
      createdBy: { select: { name: true } },
      rotatedAt: true,
      revokedAt: true,
      lastUsedAt: true,
      eventsAccepted: true,
      eventsDuplicate: true,
      eventsRejected: true,
    },
  });
  // Parked events per source, through the (source_id, …) index: a handful of groups.
  const waiting = await db.pendingIngestEvent.groupBy({
    by: ["sourceId"],
    where: { sourceId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
    _min: { receivedAt: true },
  });
  const waitingBySource = new Map(waiting.map((w) => [w.sourceId, w]));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map((r) => {
    const previousLive = r.previousTokenPrefix !== null && r.previousTokenExpiresAt !== null && r.previousTokenExpiresAt > now && !r.revokedAt;
    return {
      id: r.id,
      name: r.name,
      tokenPrefix: r.tokenPrefix,
      previousTokenPrefix: previousLive ? r.previousTokenPrefix : null,
      previousTokenExpiresAt: previousLive ? iso(r.previousTokenExpiresAt) : null,
      scopes: r.scopes,
      allowedTypes: r.allowedTypes,
      maxEventsPerSecond: r.maxEventsPerSecond,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy?.name ?? null,
      rotatedAt: iso(r.rotatedAt),
      revokedAt: iso(r.revokedAt),
      lastUsedAt: iso(r.lastUsedAt),
      eventsAccepted: r.eventsAccepted.toString(),
      eventsDuplicate: r.eventsDuplicate.toString(),
      eventsRejected: r.eventsRejected.toString(),
      eventsWaiting: waitingBySource.get(r.id)?._count._all ?? 0,
      oldestWaitingSince: iso(waitingBySource.get(r.id)?._min.receivedAt ?? null),
    };
  });
}
