// The sources page's rows: counts an admin acts on (events waiting for a record that
// has not arrived), and never a token or its hash.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { buildEvent } from "@/lib/ingest/build-event";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { listSources } from "./list-sources";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

it("shows how many events wait for their record, per source, and since when; no token or hash in any row", async () => {
  const tokens = [newSourceToken(), newSourceToken()];
  const [busy, quiet] = await Promise.all(
    tokens.map((token, i) => t.db.eventSource.create({ data: { name: `source-${i}`, tokenHash: token.hash, tokenPrefix: token.prefix } })),
  );
  if (!busy || !quiet) throw new Error("sources not created");
  const waiting = ["a", "b", "c"].map((id) =>
    buildEvent("login.attempted", { account_id: "not-yet", channel: "api", outcome: "failure", reason: "bad_api_key", ip: "198.51.100.4" }, { id }),
  );
  await ingestBatch(t.db, { id: busy.id, allowedTypes: [] }, waiting);

  const rows = await listSources(t.db);
  const busyRow = rows.find((r) => r.id === busy.id);
  expect(busyRow?.eventsWaiting).toBe(3);
  expect(Date.parse(busyRow?.oldestWaitingSince ?? "")).toBeGreaterThan(Date.now() - 60_000);
  expect(rows.find((r) => r.id === quiet.id)).toMatchObject({ eventsWaiting: 0, oldestWaitingSince: null });
  const page = JSON.stringify(rows);
  for (const token of tokens) {
    expect(page).not.toContain(token.token);
    expect(page).not.toContain(token.hash);
  }
});
