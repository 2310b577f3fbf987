// The worker's share in keeping "Change → failed logins" true (the SQL side is
// flag_facts_upkeep in migration 20261130110037_flag_facts). Triggers set the fact when
// either half arrives, in the same transaction; two things are left for later:
//   - a credential change and a failed login committed at the same moment by two
//     transactions cannot see each other: each locking change is queued, and a minute
//     later its teammate is recomputed, once both have long committed;
//   - retention drops old login attempts a month at a time (partition upkeep), and a
//     flag whose failed logins are gone must go with them: once an hour the flags whose
//     change is older than the retention horizon are recomputed.
// Both are idempotent recomputations, safe with several workers at once.
//
// Not server-only on purpose: `npm run worker` and the launcher run this in plain Node.
import type { Db } from "@/lib/db/prisma";
import { startPeriodicJob, type PeriodicJob } from "./periodic";

/** How long a queued change waits before it is looked at again. */
export const RECHECK_AFTER_MS = 60_000;
export const DEFAULT_FLAG_UPKEEP_INTERVAL_MS = 60_000;
/** The retention part runs on every this-many-th tick (hourly at the default interval). */
const RETENTION_EVERY_TICKS = 60;

export interface FlagFactsUpkeepResult {
  /** Teammates recomputed for queued changes. */
  rechecked: number;
  /** Teammates recomputed because their flag's change is past the retention horizon. */
  refreshed: number;
}

export async function runFlagFactsUpkeep(db: Db, options: { recheckAfterMs?: number; evidenceFrom?: Date | null } = {}): Promise<FlagFactsUpkeepResult> {
  const recheckAfter = `${Math.max(0, Math.trunc(options.recheckAfterMs ?? RECHECK_AFTER_MS))} milliseconds`;
  const rows = await db.$queryRaw<{ rechecked: number; refreshed: number }[]>`
    SELECT rechecked, refreshed FROM flag_facts_upkeep(${recheckAfter}::interval, ${options.evidenceFrom ?? null}::timestamptz)`;
  return { rechecked: rows[0]?.rechecked ?? 0, refreshed: rows[0]?.refreshed ?? 0 };
}

/**
 * Runs the upkeep now and every `intervalMs` until stopped; the retention part (with
 * LOGIN_ATTEMPT_RETENTION_DAYS, as partition upkeep uses it) on the first run and hourly.
 * A failed run is logged and retried at the next tick.
 */
export function startFlagFactsUpkeep(db: Db, options: { retentionDays: number; intervalMs?: number; workerId?: string }): PeriodicJob {
  let tick = 0;
  return startPeriodicJob({
    name: "flag facts",
    intervalMs: options.intervalMs ?? DEFAULT_FLAG_UPKEEP_INTERVAL_MS,
    ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
    run: () => {
      const withRetention = tick++ % RETENTION_EVERY_TICKS === 0;
      return runFlagFactsUpkeep(db, { evidenceFrom: withRetention ? new Date(Date.now() - options.retentionDays * 86_400_000) : null });
    },
    report: (result) => (result.rechecked || result.refreshed ? { ...result } : null),
  });
}
