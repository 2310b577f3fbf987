// npm run worker: the background work of a PostgreSQL deployment (lib/jobs/registry.ts):
// the email dispatcher, login_attempts' monthly partitions, the permissions audit's flag
// facts and the ingest bookkeeping's retention. Run as many as you like against the same
// DATABASE_URL: they share the outbox through FOR UPDATE SKIP LOCKED and the upkeep
// through advisory locks. Without DATABASE_URL it opens the embedded data folder, which
// only one process may hold, so in embedded mode `npm start` runs the same jobs itself.
// Configuration (SMTP_URL required, OUTBOX_*, LOGIN_ATTEMPT_RETENTION_DAYS,
// INGEST_*_DAYS): docs/configuration.md.
import { hostname } from "node:os";
import path from "node:path";
import { configOrExit } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/prisma";
import { openDatabase } from "@/lib/db/runtime";
import { createSmtpTransport } from "@/lib/email/transport";
import { BACKGROUND_JOBS, startBackgroundWork } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { startWorkerListener } from "@/lib/metrics/worker-listener";

const ROOT = path.resolve(import.meta.dirname, "..");
import { startTracing } from "@/lib/telemetry/tracing";

async function main(): Promise<void> {
  const config = configOrExit("worker");
  if (!config.SMTP_URL) {
    console.error("[worker] SMTP_URL is required (e.g. smtp://user:pass@relay.example:587)");
    process.exit(2);
  }
  if (!config.OUTBOX_SECRET && !config.AUTH_SECRET) {
    console.error("[worker] OUTBOX_SECRET (or AUTH_SECRET) is required: the reset tokens in the outbox are sealed with it");
    process.exit(2);
  }
  // Before the database client exists: Prisma's spans need the provider in place.
  const tracing = await startTracing(config, "worker");
  const database = await openDatabase();
  const db = createPrismaClient(database.url, { max: 2 });
  const transport = createSmtpTransport(config.SMTP_URL, {
    maxConnections: Math.min(config.OUTBOX_BATCH_SIZE, 10),
    timeoutMs: Math.min(60_000, config.OUTBOX_LEASE_MS / 2),
  });
  const workerId = `${hostname()}:${process.pid}`;

  let work: { stop(): Promise<void> } = { stop: () => Promise.resolve() };
  let stopping = false;
  // /metrics, /live and /ready on METRICS_HOST:WORKER_METRICS_PORT (127.0.0.1:9465).
  const listener = await startWorkerListener({ db, config, root: ROOT, process: "worker", pollMs: config.OUTBOX_POLL_MS, stopping: () => stopping });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("worker: stopping", { workerId, signal });
    try {
      // The round in flight: sends already with the relay finish, claimed emails not yet
      // sent are released to the other workers (lib/email/dispatcher.ts).
      await work.stop();
    } finally {
      await listener.stop();
      transport.close?.();
      await db.$disconnect();
      await database.close();
      // The outbox sends' last spans are still buffered.
      await tracing?.shutdown().catch(() => undefined);
    }
    log.info("worker: stopped", { workerId });
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const relay = new URL(config.SMTP_URL);
  log.info("worker: started", {
    workerId,
    relay: `${relay.protocol}//${relay.host}`,
    batchSize: config.OUTBOX_BATCH_SIZE,
    leaseMs: config.OUTBOX_LEASE_MS,
    jobs: BACKGROUND_JOBS.map((job) => job.name),
    metrics: `${listener.url}/metrics`,
  });
  work = startBackgroundWork({ db, transport, workerId, config });
}

await main();
