import { afterEach, describe, expect, it } from "vitest";
import { webReadiness, workerReadiness, type DatabaseProbe } from "./readiness";

const cache = globalThis as unknown as { consoleMigrationsAtHead?: boolean };
afterEach(() => {
  cache.consoleMigrationsAtHead = undefined;
});

const ROOT = process.cwd();
const probe = (applied: () => Promise<string[]>, ping: () => Promise<void> = () => Promise.resolve()): DatabaseProbe => ({ ping, appliedMigrations: applied });
const { readdirSync } = await import("node:fs");
const shipped = readdirSync(`${ROOT}/prisma/migrations`, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe("web readiness (GET /api/health/ready)", () => {
  it("is ready when the database answers and has every migration this build ships", async () => {
    expect(
      await webReadiness(
        probe(() => Promise.resolve(shipped)),
        { draining: false, root: ROOT },
      ),
    ).toEqual({
      ok: true,
      body: { status: "ok", database: "ok", migrations: "head" },
    });
  });

  it("is unready while draining, without the database answering", async () => {
    expect(
      await webReadiness(
        probe(() => Promise.resolve(shipped)),
        { draining: true, root: ROOT },
      ),
    ).toMatchObject({ ok: false, body: { status: "draining" } });
  });

  it("is unready when the database does not answer, or lacks the newest migration", async () => {
    const down = probe(
      () => Promise.resolve(shipped),
      () => Promise.reject(new Error("connection refused")),
    );
    expect(await webReadiness(down, { draining: false, root: ROOT })).toMatchObject({ ok: false, body: { database: "unreachable" } });
    expect(
      await webReadiness(
        probe(() => Promise.resolve(shipped.slice(0, -1))),
        { draining: false, root: ROOT },
      ),
    ).toMatchObject({
      ok: false,
      body: { migrations: "behind", pending: 1 },
    });
  });
});

describe("worker readiness (/ready on WORKER_METRICS_PORT)", () => {
  it("is ready while its loop ran within the limit, not before its first round nor after", () => {
    expect(workerReadiness(1_000, 30_000, 20_000).ok).toBe(true);
    expect(workerReadiness(null, 30_000, 20_000).ok).toBe(false);
    expect(workerReadiness(1_000, 30_000, 40_000).ok).toBe(false);
  });
});
