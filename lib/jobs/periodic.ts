// A job the worker (and, in embedded mode, the launcher) runs now and then every
// `intervalMs` until stopped: partition upkeep, ingest retention. A failed run is logged
// and retried at the next tick; it never stops the process. Runs never overlap.
//
// Not server-only on purpose: `npm run worker` and the launcher run this in plain Node.
import { log } from "@/lib/log";
import { recordJobSuccess } from "@/lib/metrics/metrics";

export interface PeriodicJob {
  stop(): Promise<void>;
}

export interface PeriodicJobOptions<T> {
  /** For the logs: "login attempt partitions", "ingest retention". */
  name: string;
  intervalMs: number;
  workerId?: string;
  run: () => Promise<T>;
  /** What to log after a run; null logs nothing (a run with nothing to do). */
  report?: (result: T) => Record<string, unknown> | null;
}

export function startPeriodicJob<T>(options: PeriodicJobOptions<T>): PeriodicJob {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= options
      .run()
      .then((result) => {
        recordJobSuccess(options.name);
        const fields = options.report?.(result) ?? null;
        if (fields) log.info(`${options.name}: upkeep`, { workerId: options.workerId, ...fields });
      })
      .catch((error: unknown) => log.error(`${options.name}: upkeep failed`, { workerId: options.workerId, error }))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
