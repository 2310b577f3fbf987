// The one registry of background work: the worker and the embedded launcher start the
// same list through startBackgroundWork, and one stop() ends every job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFrom } from "@/lib/config";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { EmailTransport } from "@/lib/email/transport";
import { listLoginAttemptPartitions } from "./login-attempt-partitions";
import { BACKGROUND_JOBS, startBackgroundWork, type BackgroundJob } from "./registry";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const transport: EmailTransport = { sendMail: () => Promise.resolve({ messageId: "<unused@test>" }) };

describe("background work", () => {
  it("lists the dispatcher and every upkeep job once", () => {
    expect(BACKGROUND_JOBS.map((job) => job.name)).toEqual([
      "outbox dispatcher",
      "login attempt partitions",
      "permissions audit flag facts",
      "ingest retention",
    ]);
  });

  it("starts every job of the registry on a database, and one stop() waits for all of them", async () => {
    const before = await listLoginAttemptPartitions(t.db);
    const work = startBackgroundWork({ db: t.db, transport, workerId: "test", config: configFrom({ LOGIN_ATTEMPT_RETENTION_DAYS: "400" }) });
    // Partition upkeep runs at once: the months ahead exist without anyone asking.
    await expect.poll(async () => (await listLoginAttemptPartitions(t.db)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(before.length);
    await work.stop();
    const months = (await listLoginAttemptPartitions(t.db)).filter((p) => p.from !== null);
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1));
    expect(months.some((p) => p.from?.getTime() === nextMonth.getTime())).toBe(true);
  });

  it("stops only when the slowest job has finished what it was doing", async () => {
    const order: string[] = [];
    const job = (name: string, ms: number): BackgroundJob => ({
      name,
      start: () => ({
        stop: () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              order.push(name);
              resolve();
            }, ms),
          ),
      }),
    });
    const work = startBackgroundWork({ db: t.db, transport, workerId: "test", config: configFrom({}) }, [job("slow", 50), job("quick", 1)]);
    await work.stop();
    expect(order).toEqual(["quick", "slow"]);
  });
});
