// The simulator's stream through the real ingest path: everything it sends is accepted,
// and its unreliable delivery (duplicates, late and shuffled events) ends in the same
// customer state as delivering the same events once, in order. This is the receiver's
// promise to an at-least-once sender, checked on a realistic mix rather than on pairs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { ingestBatch, type EventResult, type IngestSource } from "@/lib/ingest/ingest-batch";
import { DEFAULT_TIME_RULES } from "@/lib/ingest/time-rules";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { UnreliableDelivery } from "./delivery";
import { seededRandom } from "./random";
import { SimulatedPlatform, type SimEvent } from "./world";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

async function newSource(name: string): Promise<IngestSource> {
  const token = newSourceToken();
  const row = await t.db.eventSource.create({ data: { name, tokenHash: token.hash, tokenPrefix: token.prefix } });
  return { id: row.id, allowedTypes: [] };
}

// The stream's login attempts are stamped 2026-11-30 (its accounts at the wall clock's
// now): a retention as long as allowed keeps them from aging out of this test.
const options = { timeRules: { ...DEFAULT_TIME_RULES, loginAttemptRetentionDays: 36_500 } };

// Usernames are unique across the console, so each delivery gets its own run id (the same
// seed otherwise) and the states are compared with the run id taken out.
function stream(seed: number, runId: string): SimEvent[][] {
  const world = new SimulatedPlatform({ random: seededRandom(seed), runId, initialAccounts: 15 });
  const start = Date.parse("2026-11-30T08:00:00Z");
  return Array.from({ length: 120 }, (_, i) => world.tick(20, start + i * 500));
}

/** What an agent would see of each account, by platform id. */
async function state(sourceId: number, runId: string) {
  const accounts = await t.db.account.findMany({
    where: { sourceId },
    select: {
      externalId: true,
      username: true,
      email: true,
      status: true,
      plan: true,
      lockedUntil: true,
      lastLoginAt: true,
      deletedAt: true,
      ban: { select: { reason: true } },
      _count: { select: { loginAttempts: true, credentialChanges: true, invoices: true, billingWarnings: true } },
      apiKeys: { select: { externalId: true, revokedAt: true }, orderBy: { externalId: "asc" } },
      teammates: { select: { externalId: true, username: true, level: true }, orderBy: { externalId: "asc" } },
      invoices: { select: { externalId: true, paidAt: true }, orderBy: { externalId: "asc" } },
    },
    orderBy: { externalId: "asc" },
  });
  const signUps = await t.db.signUp.findMany({
    where: { sourceId },
    select: { externalId: true, confirmedAt: true, accountId: true },
    orderBy: { externalId: "asc" },
  });
  // Console ids differ between the two sources; compare by platform ids only.
  const seen = { accounts, signUps: signUps.map((s) => ({ externalId: s.externalId, confirmed: s.confirmedAt !== null, hasAccount: s.accountId !== null })) };
  return JSON.parse(JSON.stringify(seen).replaceAll(runId, "RUN")) as unknown;
}

describe("the simulator's stream through ingestBatch", () => {
  it("is all accepted, and unreliable delivery ends where one in-order delivery does", async () => {
    const batches = stream(11, "qa1x");
    const inOrder = await newSource("in-order");
    const rejected: EventResult[] = [];
    for (const batch of batches) rejected.push(...(await ingestBatch(t.db, inOrder, batch, options)).filter((r) => r.status === "rejected"));
    expect(rejected).toEqual([]);

    const unreliable = await newSource("unreliable");
    const delivery = new UnreliableDelivery<SimEvent>(seededRandom(5), { duplicateRate: 0.05, delayRate: 0.1 });
    const statuses = new Map<string, number>();
    const count = (results: EventResult[]) => results.forEach((r) => statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1));
    for (const batch of stream(11, "qb2x")) count(await ingestBatch(t.db, unreliable, delivery.schedule(batch), options));
    count(await ingestBatch(t.db, unreliable, delivery.drain(), options));
    expect(statuses.get("rejected") ?? 0).toBe(0);
    expect(statuses.get("duplicate") ?? 0).toBeGreaterThan(0);

    const expected = await state(inOrder.id, "qa1x");
    expect((expected as { accounts: unknown[] }).accounts.length).toBeGreaterThan(15);
    expect(await state(unreliable.id, "qb2x")).toEqual(expected);
  });
});
