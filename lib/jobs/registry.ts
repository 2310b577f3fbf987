// Every piece of background work, in one list: what `npm run worker` runs, and what the
// embedded launcher runs in its own process (PGlite has one opener, so no separate worker
// can reach it). A new job is one entry here; both places pick it up, and one stop()
// ends them all.
//
// Not server-only: the worker and the launcher run this in plain Node.
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/prisma";
import { createDispatcher } from "@/lib/email/dispatcher";
import type { EmailTransport } from "@/lib/email/transport";
import { startFlagFactsUpkeep } from "./flag-facts";
import { startIngestUpkeep } from "./ingest-retention";
import { startPartitionUpkeep } from "./login-attempt-partitions";

export interface JobContext {
  db: Db;
  /** The relay (or the demo catcher) the outbox dispatcher sends through. */
  transport: EmailTransport;
  /** Tells processes apart in the logs ("host:pid", or "embedded"). */
  workerId: string;
  config: Config;
  /** The outbox's poll interval, when it is not the configuration's (the demo polls faster). */
  outboxPollMs?: number;
}

export interface RunningJob {
  stop(): Promise<void>;
}

export interface BackgroundJob {
  /** For the logs and the docs. */
  name: string;
  start(context: JobContext): RunningJob;
}

export const BACKGROUND_JOBS: readonly BackgroundJob[] = [
  {
    name: "outbox dispatcher",
    start: ({ db, transport, workerId, config, outboxPollMs }) => {
      const dispatcher = createDispatcher({
        db,
        transport,
        workerId,
        batchSize: config.OUTBOX_BATCH_SIZE,
        leaseMs: config.OUTBOX_LEASE_MS,
        maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
        pollIntervalMs: outboxPollMs ?? config.OUTBOX_POLL_MS,
        // As many as the worker's relay connections (scripts/worker.ts): the rest wait
        // here, where a shutdown can hand them back unsent.
        sendConcurrency: Math.min(config.OUTBOX_BATCH_SIZE, 10),
      });
      dispatcher.start();
      return dispatcher;
    },
  },
  {
    name: "login attempt partitions",
    start: ({ db, workerId, config }) => startPartitionUpkeep(db, { retentionDays: config.LOGIN_ATTEMPT_RETENTION_DAYS, workerId }),
  },
  {
    name: "permissions audit flag facts",
    start: ({ db, workerId, config }) => startFlagFactsUpkeep(db, { retentionDays: config.LOGIN_ATTEMPT_RETENTION_DAYS, workerId }),
  },
  {
    name: "ingest retention",
    start: ({ db, workerId, config }) => startIngestUpkeep(db, { dedupDays: config.INGEST_DEDUP_DAYS, parkedDays: config.INGEST_PARKED_DAYS, workerId }),
  },
];

/** Starts every job; the one stop() waits for each to finish what it was doing. */
export function startBackgroundWork(context: JobContext, jobs: readonly BackgroundJob[] = BACKGROUND_JOBS): RunningJob {
  const running = jobs.map((job) => job.start(context));
  return {
    async stop() {
      await Promise.all(running.map((job) => job.stop()));
    },
  };
}
