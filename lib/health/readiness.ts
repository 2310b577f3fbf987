// Readiness, as load balancers and orchestrators ask it (docs/operations.md#health-endpoints):
// may this instance take traffic? For a web server: it is not draining, its database
// answers, and the database's migrations are at the head this code expects. For a
// worker: its outbox loop completed a round recently. Liveness is simpler still (the
// process answers) and never looks at the database: a database outage must not get every
// instance restarted.
//
// Not server-only: scripts/serve.ts and the worker run this in plain Node.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { metrics } from "@/lib/metrics/metrics";

export interface HealthAnswer {
  ok: boolean;
  body: Record<string, unknown>;
}

export interface DatabaseProbe {
  /** Any round trip: SELECT 1. */
  ping(): Promise<void>;
  /** Names of the migrations the database has finished (from _prisma_migrations). */
  appliedMigrations(): Promise<string[]>;
}

/** The migration folders this build ships; null when it ships none (nothing to compare). */
async function expectedMigrations(root: string): Promise<string[] | null> {
  const entries = await readdir(path.join(root, "prisma", "migrations"), { withFileTypes: true }).catch(() => null);
  return entries ? entries.filter((e) => e.isDirectory()).map((e) => e.name) : null;
}

// Once at the head, a process stays there: its code does not change, and migrations are
// never taken back. So the migrations table is read until it matches, then no more.
const cache = globalThis as unknown as { consoleMigrationsAtHead?: boolean };

export async function webReadiness(probe: DatabaseProbe, options: { draining: boolean; root?: string }): Promise<HealthAnswer> {
  const answer = await check(probe, options);
  metrics().ready.set(answer.ok ? 1 : 0);
  return answer;
}

async function check(probe: DatabaseProbe, options: { draining: boolean; root?: string }): Promise<HealthAnswer> {
  if (options.draining) return { ok: false, body: { status: "draining" } };
  try {
    await probe.ping();
  } catch {
    return { ok: false, body: { status: "error", database: "unreachable" } };
  }
  if (!cache.consoleMigrationsAtHead) {
    const expected = await expectedMigrations(options.root ?? process.cwd());
    let applied: Set<string>;
    try {
      applied = new Set(await probe.appliedMigrations());
    } catch {
      return { ok: false, body: { status: "error", database: "ok", migrations: "unreadable" } };
    }
    const pending = (expected ?? []).filter((name) => !applied.has(name));
    if (pending.length) return { ok: false, body: { status: "error", database: "ok", migrations: "behind", pending: pending.length } };
    cache.consoleMigrationsAtHead = true;
  }
  return { ok: true, body: { status: "ok", database: "ok", migrations: "head" } };
}

/** The worker is ready while its outbox loop completes rounds: within this of the last one. */
export function workerReadiness(lastRanAt: number | null, maxAgeMs: number, now = Date.now()): HealthAnswer {
  const ok = lastRanAt !== null && now - lastRanAt <= maxAgeMs;
  metrics().ready.set(ok ? 1 : 0);
  return {
    ok,
    body: { status: ok ? "ok" : "error", loop: lastRanAt === null ? "not yet run" : `${Math.round((now - lastRanAt) / 1000)} s ago` },
  };
}

export const LIVE: HealthAnswer = { ok: true, body: { status: "ok" } };
