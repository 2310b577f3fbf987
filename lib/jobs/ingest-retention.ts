// What keeps the ingest tables from growing without end. Every event's id is kept in
// ingested_events so a redelivery changes nothing, and every event for a record the
// console does not know yet waits in pending_ingest_events. Neither may be kept forever:
//
// - Ids are forgotten after INGEST_DEDUP_DAYS (default 30): senders retry for hours (Auth0
//   log streams, Segment), never for weeks, so the window is far wider than any retry;
//   past it, a redelivered login attempt would be stored twice and a state event would be
//   superseded by the newer versions already applied (the README says so).
// - Parked events expire after INGEST_PARKED_DAYS (default 30): a record that has not
//   arrived in a month is not coming, or the platform sent its events to the wrong source.
//   Their ids are forgotten with them, so the platform can send them again once the record
//   exists, and each expiry is logged as a warning with counts per source and type: they
//   are facts the platform sent that the console never applied.
//
// Deletes go in batches so no run holds locks for long on a busy table. The worker runs
// this hourly (the launcher in embedded mode).
//
// Not server-only on purpose: `npm run worker` and the launcher run this in plain Node.
import type { Db } from "@/lib/db/prisma";
import { startPeriodicJob, type PeriodicJob } from "./periodic";
import { log } from "@/lib/log";

export const DEFAULT_DEDUP_DAYS = 30;
export const DEFAULT_PARKED_DAYS = 30;
const BATCH = 10_000;

export interface IngestUpkeepOptions {
  dedupDays?: number;
  parkedDays?: number;
  /** Defaults to the database's clock. */
  now?: Date;
  batchSize?: number;
}

export interface IngestUpkeepResult {
  /** Event ids past the deduplication window, forgotten. */
  forgottenIds: number;
  /** Parked events that expired, by source id and type. */
  expiredParked: { sourceId: number; type: string; count: number }[];
}

export async function maintainIngestTables(db: Db, options: IngestUpkeepOptions = {}): Promise<IngestUpkeepResult> {
  const dedupDays = options.dedupDays ?? DEFAULT_DEDUP_DAYS;
  const parkedDays = options.parkedDays ?? DEFAULT_PARKED_DAYS;
  const batch = options.batchSize ?? BATCH;
  const now = options.now ?? null;

  // Expired parked events first, forgetting their ids in the same statement.
  const expired = new Map<string, { sourceId: number; type: string; count: number }>();
  for (;;) {
    const rows = await db.$queryRaw<{ source_id: number; type: string; n: number }[]>`
      WITH gone AS (
        DELETE FROM pending_ingest_events
         WHERE id IN (SELECT id FROM pending_ingest_events
                       WHERE received_at < COALESCE(${now}::timestamptz, now()) - make_interval(days => ${parkedDays}::int)
                       LIMIT ${batch}::int)
        RETURNING source_id, event_id, type),
      forgotten AS (
        DELETE FROM ingested_events i USING gone g WHERE i.source_id = g.source_id AND i.event_id = g.event_id)
      SELECT source_id, type, count(*)::int AS n FROM gone GROUP BY source_id, type`;
    let deleted = 0;
    for (const row of rows) {
      deleted += row.n;
      const key = `${row.source_id} ${row.type}`;
      const entry = expired.get(key) ?? { sourceId: row.source_id, type: row.type, count: 0 };
      entry.count += row.n;
      expired.set(key, entry);
    }
    if (deleted < batch) break;
  }

  let forgottenIds = 0;
  for (;;) {
    // ctid: the physical row, so each batch is found through the BRIN index once and deleted without a second lookup.
    const deleted = await db.$executeRaw`
      DELETE FROM ingested_events
       WHERE ctid IN (SELECT ctid FROM ingested_events
                       WHERE received_at < COALESCE(${now}::timestamptz, now()) - make_interval(days => ${dedupDays}::int)
                       LIMIT ${batch}::int)`;
    forgottenIds += deleted;
    if (deleted < batch) break;
  }
  return { forgottenIds, expiredParked: [...expired.values()] };
}

/** Runs ingest upkeep now and then hourly until stopped. */
export function startIngestUpkeep(db: Db, options: { intervalMs?: number; dedupDays?: number; parkedDays?: number; workerId?: string } = {}): PeriodicJob {
  return startPeriodicJob({
    name: "ingest retention",
    intervalMs: options.intervalMs ?? 60 * 60_000,
    ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
    run: () =>
      maintainIngestTables(db, {
        ...(options.dedupDays !== undefined ? { dedupDays: options.dedupDays } : {}),
        ...(options.parkedDays !== undefined ? { parkedDays: options.parkedDays } : {}),
      }),
    report: (result) => {
      for (const e of result.expiredParked) {
        log.warn("ingest: parked events expired without their record", { workerId: options.workerId, sourceId: e.sourceId, type: e.type, count: e.count });
      }
      return result.forgottenIds || result.expiredParked.length ? { forgottenIds: result.forgottenIds, expiredParked: result.expiredParked.length } : null;
    },
  });
}
