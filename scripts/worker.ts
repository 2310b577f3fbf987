// npm run worker: one email dispatcher process. Run as many as you like against the same
// DATABASE_URL; they share the outbox through FOR UPDATE SKIP LOCKED.
//   DATABASE_URL   PostgreSQL (without it: the embedded data folder, which only one
//                  process may open, so in embedded mode `npm start` runs the dispatcher)
//   SMTP_URL       smtp://user:pass@relay:587 or smtps://...:465 (required)
//   EMAIL_FROM     default "Support <support@platform.example>"
//   OUTBOX_SECRET  (or AUTH_SECRET) the key reset tokens were sealed with
//   OUTBOX_BATCH_SIZE, OUTBOX_MAX_ATTEMPTS, OUTBOX_LEASE_MS, OUTBOX_POLL_MS  tuning
//   LOGIN_ATTEMPT_RETENTION_DAYS  default 400: the worker also keeps login_attempts'
//                  monthly partitions (created 3 months ahead, dropped past retention),
//                  at start and hourly, and the permissions audit's "Change → failed
//                  logins" facts (re-checks each minute, retention hourly: see
//                  lib/data/summaries/upkeep.ts); several workers at once are safe
import { hostname } from "node:os";
import { retentionDaysFromEnv, startPartitionUpkeep } from "../lib/data/login-attempts/partitions";
import { ingestRetentionFromEnv, startIngestUpkeep } from "../lib/ingest/upkeep";
import { startFlagFactsUpkeep } from "../lib/data/summaries/upkeep";
import { createDispatcher } from "../lib/email/dispatcher";
import { createSmtpTransport } from "../lib/email/transport";
import { createPrismaClient } from "../lib/db/prisma";
import { openDatabase } from "../lib/db/runtime";
import { log } from "../lib/log";

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`[worker] ${name} must be a positive integer, not ${raw}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) {
    console.error("[worker] SMTP_URL is required (e.g. smtp://user:pass@relay.example:587)");
    process.exit(2);
  }
  if (!process.env.OUTBOX_SECRET && !process.env.AUTH_SECRET) {
    console.error("[worker] OUTBOX_SECRET (or AUTH_SECRET) is required: the reset tokens in the outbox are sealed with it");
    process.exit(2);
  }
  const batchSize = intFromEnv("OUTBOX_BATCH_SIZE", 10);
  const leaseMs = intFromEnv("OUTBOX_LEASE_MS", 5 * 60_000);
  let retentionDays: number;
  let ingestRetention: { dedupDays: number; parkedDays: number };
  try {
    retentionDays = retentionDaysFromEnv();
    ingestRetention = ingestRetentionFromEnv();
  } catch (error) {
    console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const database = await openDatabase();
  const db = createPrismaClient(database.url, { max: 2 });
  const transport = createSmtpTransport(smtpUrl, { maxConnections: Math.min(batchSize, 10), timeoutMs: Math.min(60_000, leaseMs / 2) });
  const workerId = `${hostname()}:${process.pid}`;
  const dispatcher = createDispatcher({
    db,
    transport,
    workerId,
    batchSize,
    leaseMs,
    maxAttempts: intFromEnv("OUTBOX_MAX_ATTEMPTS", 8),
    pollIntervalMs: intFromEnv("OUTBOX_POLL_MS", 1000),
  });

  let partitions: { stop(): Promise<void> } = { stop: () => Promise.resolve() };
  let ingestUpkeep: { stop(): Promise<void> } = { stop: () => Promise.resolve() };
  let flagFacts: { stop(): Promise<void> } = { stop: () => Promise.resolve() };
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("worker: stopping", { workerId, signal });
    try {
      await Promise.all([dispatcher.stop(), partitions.stop(), flagFacts.stop(), ingestUpkeep.stop()]);
    } finally {
      transport.close?.();
      await db.$disconnect();
      await database.close();
    }
    log.info("worker: stopped", { workerId });
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const relay = new URL(smtpUrl);
  log.info("worker: started", { workerId, relay: `${relay.protocol}//${relay.host}`, batchSize, leaseMs });
  dispatcher.start();
  partitions = startPartitionUpkeep(db, { retentionDays, workerId });
  ingestUpkeep = startIngestUpkeep(db, { ...ingestRetention, workerId });
  flagFacts = startFlagFactsUpkeep(db, { retentionDays, workerId });
}

await main();
