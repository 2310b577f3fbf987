// Every Prometheus metric the console exposes, in one place (docs/operations.md#metrics says
// what each means). The web server, the worker and the embedded launcher each serve their
// own process's registry on a separate, non-public listener (./listener.ts).
//
// One registry per process, on globalThis: Next bundles this module into several server
// chunks and scripts/serve.ts loads it once more through tsx; every copy must count into
// the same metrics (prom-client itself is a server-external package, loaded once).
//
// Labels are bounded on purpose: route templates, statuses, enum values, job names. Never
// an email, an id or a token (lib/metrics/exposition.test.ts checks a real exposition).
//
// Not server-only: the worker and the launcher run this in plain Node.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "console_process_" });
  const r = [registry];
  return {
    registry,
    buildInfo: new Gauge({
      name: "console_build_info",
      help: "Always 1; the labels say which build runs.",
      labelNames: ["version", "commit", "process"],
      registers: r,
    }),
    httpDuration: new Histogram({
      name: "console_http_request_duration_seconds",
      help: "Web requests by route template (app route, not the raw URL), method and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    }),
    poolInUse: new Gauge({ name: "console_db_pool_in_use", help: "Database connections checked out of the pool.", labelNames: ["pool"], registers: r }),
    poolIdle: new Gauge({ name: "console_db_pool_idle", help: "Open database connections waiting in the pool.", labelNames: ["pool"], registers: r }),
    poolWaiting: new Gauge({ name: "console_db_pool_waiting", help: "Queries waiting for a database connection.", labelNames: ["pool"], registers: r }),
    // The four backlog gauges are registered only where they are read (registerBacklogGauges):
    // unregistered, a process that never reads them exposed them at 0 next to the worker's
    // real value, and a query for "the" parked count found two series.
    outboxDepth: new Gauge({ name: "console_outbox_emails", help: "Emails in the outbox by status (QUEUED, SENDING).", labelNames: ["status"], registers: [] }),
    outboxOldestAge: new Gauge({
      name: "console_outbox_oldest_unsent_age_seconds",
      help: "Age of the oldest email not yet sent (QUEUED or SENDING); 0 when none.",
      registers: [],
    }),
    outboxSends: new Counter({
      name: "console_outbox_sends_total",
      help: "Outbox send outcomes by email kind: sent, retried (will try again), failed (gave up), released (claimed, then handed back at shutdown).",
      labelNames: ["kind", "result"],
      registers: r,
    }),
    outboxLatency: new Histogram({
      name: "console_outbox_dispatch_latency_seconds",
      help: "From an email being queued to the relay accepting it.",
      labelNames: ["kind"],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: r,
    }),
    ingestEvents: new Counter({
      name: "console_ingest_events_total",
      help: "Platform events by catalogue type (unknown for a type outside it) and result: accepted, duplicate, rejected, parked, superseded.",
      labelNames: ["type", "result"],
      registers: r,
    }),
    ingestBatchDuration: new Histogram({
      name: "console_ingest_batch_duration_seconds",
      help: "Time to apply one ingest batch, by outcome (ok, error).",
      labelNames: ["outcome"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    }),
    ingestParked: new Gauge({ name: "console_ingest_parked_events", help: "Events parked until the record they name arrives.", registers: [] }),
    ingestParkedOldestAge: new Gauge({ name: "console_ingest_oldest_parked_age_seconds", help: "Age of the oldest parked event; 0 when none.", registers: [] }),
    redemptions: new Counter({
      name: "console_link_redemptions_total",
      help: "Link redemptions by result: redeemed, or the error code answered.",
      labelNames: ["result"],
      registers: r,
    }),
    signInFailures: new Counter({
      name: "console_staff_sign_in_failures_total",
      help: "Refused staff sign-ins by reason (locked counts refusals during a lockout).",
      labelNames: ["reason"],
      registers: r,
    }),
    lockouts: new Counter({ name: "console_staff_lockouts_total", help: "Staff sign-ins refused because a lockout holds.", registers: r }),
    liveStreams: new Gauge({ name: "console_watch_live_streams", help: "Watch live streams open on this instance.", registers: r }),
    auditEntries: new Counter({ name: "console_audit_entries_total", help: "Audit entries written by this process.", registers: r }),
    jobLastSuccess: new Gauge({
      name: "console_job_last_success_timestamp_seconds",
      help: "When each background job (lib/jobs/registry.ts) last completed a run, Unix seconds.",
      labelNames: ["background_job"],
      registers: r,
    }),
    loopLastRun: new Gauge({
      name: "console_worker_loop_last_run_timestamp_seconds",
      help: "When the worker's outbox loop last completed a round.",
      registers: r,
    }),
    ready: new Gauge({
      name: "console_ready",
      help: "1 when this instance's readiness check passes, 0 when not (draining, database away, migrations behind).",
      registers: r,
    }),
    replicaLag: new Gauge({
      name: "console_replica_lag_seconds",
      help: "How far the read replica (DATABASE_READ_URL) is behind the primary; absent without one.",
      registers: r,
    }),
  };
}

export type ConsoleMetrics = ReturnType<typeof createMetrics>;

/**
 * Exposes the outbox and ingest backlog gauges in this process's registry: only a process
 * that reads them from the database (the worker, the embedded launcher) calls it, so each
 * deployment has one set of them, not one real and a zero per web instance. Idempotent.
 */
export function registerBacklogGauges(m: ConsoleMetrics): void {
  for (const gauge of [m.outboxDepth, m.outboxOldestAge, m.ingestParked, m.ingestParkedOldestAge]) {
    const name = (gauge as unknown as { name: string }).name;
    if (!m.registry.getSingleMetric(name)) m.registry.registerMetric(gauge);
  }
}

const holder = globalThis as unknown as { consoleMetrics?: ConsoleMetrics };

export function metrics(): ConsoleMetrics {
  holder.consoleMetrics ??= createMetrics();
  return holder.consoleMetrics;
}

/** Metrics whose value is read when Prometheus scrapes (a query, a pool's state). */
export type ScrapeHook = () => Promise<void> | void;
const hooks = globalThis as unknown as { consoleScrapeHooks?: Map<string, ScrapeHook> };

/** Registers (or replaces) the hook with this name; returns its removal. */
export function onScrape(name: string, hook: ScrapeHook): () => void {
  const map = (hooks.consoleScrapeHooks ??= new Map());
  map.set(name, hook);
  return () => {
    if (map.get(name) === hook) map.delete(name);
  };
}

/** The text Prometheus reads, after every scrape hook ran (a failing hook is skipped). */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  const map = hooks.consoleScrapeHooks ?? new Map<string, ScrapeHook>();
  await Promise.all(
    [...map.values()].map(async (hook) =>
      Promise.resolve()
        .then(hook)
        .catch(() => undefined),
    ),
  );
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** A background job completed a run ("login attempt partitions" -> background_job="login_attempt_partitions"; not "job", which is Prometheus' own target label). */
export function recordJobSuccess(job: string, at = Date.now()): void {
  metrics().jobLastSuccess.set({ background_job: job.replaceAll(" ", "_") }, at / 1000);
}

const loop = globalThis as unknown as { consoleLoopRanAt?: number };

/** The worker's outbox loop completed a round: its readiness (./listener.ts's /ready). */
export function markLoopRan(at = Date.now()): void {
  loop.consoleLoopRanAt = at;
  metrics().loopLastRun.set(at / 1000);
}

export function loopLastRanAt(): number | null {
  return loop.consoleLoopRanAt ?? null;
}
