// The worker's listener (and the embedded launcher's, which runs the same jobs): /metrics,
// /live (the process answers) and /ready (its outbox loop completed a round recently), on
// METRICS_HOST:WORKER_METRICS_PORT. Also the backlog gauges and build info.
//
// Not server-only: the worker and the launcher run this in plain Node.
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/prisma";
import { LIVE, workerReadiness } from "@/lib/health/readiness";
import { recordBuildInfo } from "./build-info";
import { startBacklogGauges } from "./database-gauges";
import { startMetricsListener, type MetricsListener } from "./listener";
import { loopLastRanAt } from "./metrics";

/** How stale the loop may be before the worker is unready: ten polls, at least 30 s. */
export function loopMaxAgeMs(pollMs: number): number {
  return Math.max(30_000, 10 * pollMs);
}

export async function startWorkerListener(options: {
  db: Db;
  config: Config;
  root: string;
  process: "worker" | "embedded";
  pollMs: number;
  /** True once the worker stops: unready at once. */
  stopping: () => boolean;
}): Promise<MetricsListener & { stop(): Promise<void> }> {
  recordBuildInfo(options.root, options.process);
  const removeGauges = startBacklogGauges(options.db);
  const maxAge = loopMaxAgeMs(options.pollMs);
  const listener = await startMetricsListener({
    host: options.config.METRICS_HOST,
    port: options.config.WORKER_METRICS_PORT,
    health: {
      "/live": () => LIVE,
      "/ready": () => (options.stopping() ? { ok: false, body: { status: "stopping" } } : workerReadiness(loopLastRanAt(), maxAge)),
    },
  });
  return {
    ...listener,
    async stop() {
      removeGauges();
      await listener.close();
    },
  };
}
