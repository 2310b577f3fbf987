// Upkeep of the monthly login_attempts partitions (see the migration
// 20261130080000_partition_login_attempts for the SQL side). The work itself is one
// SECURITY DEFINER function in the database, because creating and dropping partitions
// needs the table's owner while workers connect as the app role. Each run, in one
// transaction under one advisory lock (two workers at once simply queue):
//   - drops the partitions that lie wholly before now - LOGIN_ATTEMPT_RETENTION_DAYS,
//   - deletes default-partition rows older than that,
//   - creates the partitions from this month to `monthsAhead` months later,
//   - gives every month with rows in the default partition its own partition.
// A run with nothing to do changes nothing. Inserts never wait for upkeep: a row for a
// month without a partition lands in the DEFAULT partition and moves on the next run.
//
// Not server-only on purpose: `npm run worker` and the launcher run this in plain Node.
import type { Db } from "@/lib/db/prisma";
import { startPeriodicJob, type PeriodicJob } from "./periodic";

export const DEFAULT_RETENTION_DAYS = 400;
export const DEFAULT_MONTHS_AHEAD = 3;
/** Hourly is plenty: partitions exist months ahead, and retention is by whole month. */
export const DEFAULT_UPKEEP_INTERVAL_MS = 60 * 60_000;

export interface PartitionUpkeepOptions {
  /** Defaults to the database's clock (now()). */
  now?: Date;
  monthsAhead?: number;
  retentionDays?: number;
}

export interface PartitionUpkeepResult {
  created: string[];
  dropped: string[];
  /** Rows deleted from the default partition for being past retention. */
  purgedRows: number;
}

export async function maintainLoginAttemptPartitions(db: Db, options: PartitionUpkeepOptions = {}): Promise<PartitionUpkeepResult> {
  const monthsAhead = options.monthsAhead ?? DEFAULT_MONTHS_AHEAD;
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const rows = await db.$queryRaw<{ created_partitions: string[]; dropped_partitions: string[]; purged_rows: bigint }[]>`
    SELECT created_partitions, dropped_partitions, purged_rows
      FROM login_attempts_maintain(COALESCE(${options.now ?? null}::timestamptz, now()), ${monthsAhead}::int, ${retentionDays}::int)`;
  const row = rows[0];
  return { created: row?.created_partitions ?? [], dropped: row?.dropped_partitions ?? [], purgedRows: Number(row?.purged_rows ?? 0) };
}

export interface LoginAttemptPartition {
  name: string;
  /** Inclusive lower bound; null for the default partition. */
  from: Date | null;
  /** Exclusive upper bound; null for the default partition. */
  to: Date | null;
}

/** The partitions attached to login_attempts, oldest first, the default partition last. */
export async function listLoginAttemptPartitions(db: Db): Promise<LoginAttemptPartition[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'login_attempts'::regclass`;
  return rows
    .map(({ name }): LoginAttemptPartition => {
      // Monthly partitions are named login_attempts_pYYYYMM for their UTC month.
      const month = /^login_attempts_p(\d{4})(\d{2})$/.exec(name);
      if (!month) return { name, from: null, to: null };
      const [y, m] = [Number(month[1]), Number(month[2])];
      return { name, from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
    })
    .sort((a, b) => (a.from?.getTime() ?? Infinity) - (b.from?.getTime() ?? Infinity));
}

/** Runs upkeep now and then every `intervalMs` (hourly by default) until stopped. */
export function startPartitionUpkeep(
  db: Db,
  options: { intervalMs?: number; retentionDays?: number; monthsAhead?: number; workerId?: string } = {},
): PeriodicJob {
  return startPeriodicJob({
    // A failed run changes nothing: inserts keep working through the default partition meanwhile.
    name: "login attempt partitions",
    intervalMs: options.intervalMs ?? DEFAULT_UPKEEP_INTERVAL_MS,
    ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
    run: () =>
      maintainLoginAttemptPartitions(db, {
        ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
        ...(options.monthsAhead !== undefined ? { monthsAhead: options.monthsAhead } : {}),
      }),
    report: (result) => (result.created.length || result.dropped.length || result.purgedRows ? { ...result } : null),
  });
}
