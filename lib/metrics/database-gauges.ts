// Gauges read from the database when Prometheus scrapes, not counted by one process: the
// outbox's depth and oldest unsent email, the parked ingest events (the worker, or the
// embedded launcher, exposes these: one set per deployment, whichever worker is
// scraped), and the web server's own readiness and replica lag.
//
// Not server-only: the worker, the launcher and scripts/serve.ts run this in plain Node.
import pg from "pg";
import type { Db } from "@/lib/db/prisma";
import { webReadiness } from "@/lib/health/readiness";
import { metrics, onScrape, registerBacklogGauges } from "./metrics";

/** The outbox and ingest backlog gauges, through the worker's client. */
export function startBacklogGauges(db: Db): () => void {
  registerBacklogGauges(metrics());
  return onScrape("backlog", async () => {
    const m = metrics();
    const [outbox, parked] = await Promise.all([
      db.$queryRaw<{ status: string; count: number; oldest: number | null }[]>`
        SELECT status::text AS status, count(*)::int AS count, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest
          FROM email_outbox WHERE status IN ('QUEUED', 'SENDING') GROUP BY status`,
      db.$queryRaw<{ count: number; oldest: number | null }[]>`
        SELECT count(*)::int AS count, EXTRACT(EPOCH FROM now() - min(received_at))::float8 AS oldest FROM pending_ingest_events`,
    ]);
    for (const status of ["QUEUED", "SENDING"]) m.outboxDepth.set({ status }, outbox.find((r) => r.status === status)?.count ?? 0);
    m.outboxOldestAge.set(Math.max(0, ...outbox.map((r) => r.oldest ?? 0)));
    m.ingestParked.set(parked[0]?.count ?? 0);
    m.ingestParkedOldestAge.set(Math.max(0, parked[0]?.oldest ?? 0));
  });
}

/**
 * The web server's console_ready (as GET /api/health/ready would answer now) and, with a
 * replica, console_replica_lag_seconds. Their own one-connection pools: the probes must
 * not queue behind agents' requests, nor show in the app pool's gauges.
 */
export function startWebGauges(options: { databaseUrl: string; readUrl?: string; draining: () => boolean; root: string }): () => Promise<void> {
  const primary = new pg.Pool({ connectionString: options.databaseUrl, max: 1, idleTimeoutMillis: 60_000 });
  const replica = options.readUrl ? new pg.Pool({ connectionString: options.readUrl, max: 1, idleTimeoutMillis: 60_000 }) : null;
  for (const pool of [primary, replica]) pool?.on("error", () => undefined);
  const removeReady = onScrape("readiness", async () => {
    await webReadiness(
      {
        ping: async () => {
          await primary.query("SELECT 1");
        },
        appliedMigrations: async () =>
          (
            await primary.query<{ name: string }>(
              "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
            )
          ).rows.map((row) => row.name),
      },
      { draining: options.draining(), root: options.root },
    );
  });
  const removeLag = replica
    ? onScrape("replica lag", async () => {
        // Caught up (nothing left to replay) is no lag, however long ago the last write was.
        const { rows } = await replica.query<{ lag: number | null }>(`
          SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                      ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END::float8 AS lag`);
        metrics().replicaLag.set(Math.max(0, rows[0]?.lag ?? 0));
      })
    : () => undefined;
  return async () => {
    removeReady();
    removeLag();
    await Promise.all([primary.end(), replica?.end()]);
  };
}
