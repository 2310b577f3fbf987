// Ingest upkeep: ids past the deduplication window are forgotten, parked events whose
// record never came expire with their ids, and nothing recent is touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "@/lib/ingest/build-event";
import { ingestBatch, type IngestSource } from "@/lib/ingest/ingest-batch";
import { configFrom } from "@/lib/config";
import { maintainIngestTables } from "./ingest-retention";

let t: TestDatabase;
let source: IngestSource;

beforeAll(async () => {
  t = await createTestDatabase();
  const token = newSourceToken();
  const row = await t.db.eventSource.create({ data: { name: "upkeep", tokenHash: token.hash, tokenPrefix: token.prefix } });
  source = { id: row.id, allowedTypes: [] };
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

const login = (account: string, id: string) =>
  buildEvent("login.attempted", { account_id: account, channel: "web", outcome: "failure", reason: "wrong_password", ip: "198.51.100.9" }, { id });

async function ids(table: "ingested_events" | "pending_ingest_events"): Promise<string[]> {
  const rows = await t.db.$queryRawUnsafe<{ event_id: string }[]>(`SELECT event_id FROM ${table} WHERE source_id = $1 ORDER BY event_id`, source.id);
  return rows.map((r) => r.event_id);
}

async function age(table: "ingested_events" | "pending_ingest_events", eventIds: string[], days: number): Promise<void> {
  await t.db.$executeRawUnsafe(
    `UPDATE ${table} SET received_at = now() - make_interval(days => $3) WHERE source_id = $1 AND event_id = ANY($2::text[])`,
    source.id,
    eventIds,
    days,
  );
}

describe("ingest upkeep", () => {
  it("forgets old ids and expires old parked events with theirs, in batches, leaving recent ones", async () => {
    await ingestBatch(t.db, source, [
      buildEvent("account.created", { account_id: "known", username: "known_user", email: "known@example.com" }, { id: "acct" }),
    ]);
    const known = ["old-1", "old-2", "old-3", "new-1"].map((id) => login("known", id));
    const parked = ["wait-old-1", "wait-old-2", "wait-new"].map((id) => login("never-arrives", id));
    const results = await ingestBatch(t.db, source, [...known, ...parked]);
    expect(results.map((r) => (r.status === "accepted" ? r.effect : r.status))).toEqual([
      "applied",
      "applied",
      "applied",
      "applied",
      "parked",
      "parked",
      "parked",
    ]);
    await age("ingested_events", ["acct", "old-1", "old-2", "old-3", "wait-old-1", "wait-old-2"], 40);
    await age("pending_ingest_events", ["wait-old-1", "wait-old-2"], 40);

    const result = await maintainIngestTables(t.db, { dedupDays: 30, parkedDays: 30, batchSize: 2 });
    expect(result.expiredParked).toEqual([{ sourceId: source.id, type: "login.attempted", count: 2 }]);
    // The parked events' own ids went with them; these are the other four old ones.
    expect(result.forgottenIds).toBe(4);
    expect(await ids("ingested_events")).toEqual(["new-1", "wait-new"]);
    expect(await ids("pending_ingest_events")).toEqual(["wait-new"]);

    // An expired parked event can be sent again and is taken, not called a duplicate.
    const again = await ingestBatch(t.db, source, [login("never-arrives", "wait-old-1"), login("known", "new-1")]);
    expect(again.map((r) => r.status)).toEqual(["accepted", "duplicate"]);
  });

  it("does nothing when nothing is old enough", async () => {
    expect(await maintainIngestTables(t.db)).toEqual({ forgottenIds: 0, expiredParked: [] });
  });
});

describe("INGEST_DEDUP_DAYS and INGEST_PARKED_DAYS", () => {
  it("default to 30 days and refuse what is not a whole number of days", () => {
    expect(configFrom({})).toMatchObject({ INGEST_DEDUP_DAYS: 30, INGEST_PARKED_DAYS: 30 });
    expect(configFrom({ INGEST_DEDUP_DAYS: "7", INGEST_PARKED_DAYS: " 90 " })).toMatchObject({ INGEST_DEDUP_DAYS: 7, INGEST_PARKED_DAYS: 90 });
    for (const bad of ["0", "-3", "1.5", "thirty", "9999"]) {
      expect(() => configFrom({ INGEST_DEDUP_DAYS: bad })).toThrow(/INGEST_DEDUP_DAYS: must be a whole number from 1 to 3650/);
    }
  });
});
