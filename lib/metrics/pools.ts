// The database pools of this process, for console_db_pool_*: read when Prometheus scrapes,
// summed per role ("primary", "replica"), so the label has as many values as roles.
// Pools a client has ended drop out on the next scrape.
//
// Not server-only: the worker and the launcher build their clients through lib/db/prisma.ts too.
import type { Pool } from "pg";
import { metrics, onScrape } from "./metrics";

export type PoolRole = "primary" | "replica";

const holder = globalThis as unknown as { consolePools?: Map<Pool, PoolRole> };

export function trackPool(role: PoolRole, pool: Pool): void {
  const pools = (holder.consolePools ??= new Map());
  pools.set(pool, role);
  onScrape("db pools", readPools);
}

export function readPools(): void {
  const pools = holder.consolePools ?? new Map<Pool, PoolRole>();
  const sums = new Map<PoolRole, { inUse: number; idle: number; waiting: number }>();
  for (const [pool, role] of pools) {
    if (pool.ended) {
      pools.delete(pool);
      continue;
    }
    const sum = sums.get(role) ?? { inUse: 0, idle: 0, waiting: 0 };
    sum.inUse += pool.totalCount - pool.idleCount;
    sum.idle += pool.idleCount;
    sum.waiting += pool.waitingCount;
    sums.set(role, sum);
  }
  const m = metrics();
  for (const gauge of [m.poolInUse, m.poolIdle, m.poolWaiting]) gauge.reset();
  for (const [role, sum] of sums) {
    m.poolInUse.set({ pool: role }, sum.inUse);
    m.poolIdle.set({ pool: role }, sum.idle);
    m.poolWaiting.set({ pool: role }, sum.waiting);
  }
}
