// The endpoint answers 503 ("retry it") only when the database is away; a value the
// database refuses is one event's rejection. Both classified from real errors.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { dataErrorReason, isDatabaseUnavailable } from "./db-errors";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

it("a refused value is the event's fault, with the SQLSTATE, and not an outage", async () => {
  for (const [sql, value, state] of [
    ["SELECT $1::text", "a\u0000b", "22021"],
    ["SELECT $1::jsonb", JSON.stringify({ a: "\ud800" }), "22P02"],
    ["SELECT $1::timestamptz", "0000-01-01T00:00:00Z", "22008"],
  ] as const) {
    const error = await errorOf(() => t.db.$queryRawUnsafe(sql, value));
    expect(dataErrorReason(error)).toContain(`SQLSTATE ${state}`);
    expect(isDatabaseUnavailable(error)).toBe(false);
  }
  const integrity = await errorOf(() => t.db.$executeRawUnsafe(`INSERT INTO ingested_events (source_id, event_id, type) VALUES (1, NULL, 'y')`));
  expect(dataErrorReason(integrity)).toContain("SQLSTATE 23502");
});

it("an unreachable database is an outage, not the event's fault", async () => {
  const away = createPrismaClient("postgresql://postgres@127.0.0.1:1/nothing", { max: 1 });
  try {
    const error = await errorOf(() => away.$queryRawUnsafe("SELECT 1"));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(dataErrorReason(error)).toBeNull();
  } finally {
    await away.$disconnect();
  }
});

it("a bug is neither", () => {
  expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
  expect(dataErrorReason(new TypeError("Cannot read properties of undefined"))).toBeNull();
});
