// npm run import's loop on the real ingest path: a history file interrupted and resumed
// leaves the same rows as one clean import, and nothing twice.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { buildEvent } from "@/lib/ingest/build-event";
import { ingestBatch, type IngestSource } from "@/lib/ingest/ingest-batch";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { runImport } from "./run-import";

let t: TestDatabase;
let source: IngestSource;
const T0 = Date.parse("2026-11-01T00:00:00Z");
/** The console's clock for these imports: fixed, so the history never ages past retention. */
const NOW = new Date(T0 + 30 * 86_400_000);

beforeAll(async () => {
  t = await createTestDatabase();
  const token = newSourceToken();
  const row = await t.db.eventSource.create({ data: { name: "history", tokenHash: token.hash, tokenPrefix: token.prefix } });
  source = { id: row.id, allowedTypes: [] };
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

function history(): string {
  const lines: string[] = [];
  for (let a = 0; a < 20; a++) {
    lines.push(
      JSON.stringify(
        buildEvent("account.created", { account_id: `acct-${a}`, username: `history-${a}`, email: `h${a}@example.com` }, { id: `c${a}`, time: new Date(T0) }),
      ),
    );
  }
  for (let i = 0; i < 2000; i++) {
    const data = { account_id: `acct-${i % 20}`, channel: "web" as const, outcome: "failure" as const, reason: "wrong_password" as const, ip: "203.0.113.7" };
    lines.push(JSON.stringify(buildEvent("login.attempted", data, { id: `l${i}`, time: new Date(T0 + i * 1000) })));
  }
  lines.splice(
    500,
    0,
    "{ not json",
    JSON.stringify(buildEvent("login.attempted", { account_id: "acct-1", channel: "fax", outcome: "success", ip: "1.2.3.4" } as never, { id: "bad" })),
  );
  return lines.join("\n") + "\n";
}

describe("npm run import on the ingest path", () => {
  it("interrupted after some batches and run again, loads every event once and lists the rejects", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "import-"));
    const file = path.join(dir, "history.ndjson.gz");
    writeFileSync(file, gzipSync(history()));
    const ingest = (events: unknown[]) => ingestBatch(t.db, source, events, { now: NOW });

    const controller = new AbortController();
    let batches = 0;
    const first = await runImport({
      file,
      source: "history",
      batchSize: 250,
      signal: controller.signal,
      ingest: async (events) => {
        if (++batches === 4) controller.abort();
        return await ingest(events);
      },
    });
    expect(first.interrupted).toBe(true);
    const second = await runImport({ file, source: "history", batchSize: 250, ingest });
    expect(second).toMatchObject({ interrupted: false, accepted: 2020, rejected: 2, duplicate: 0 });

    expect(await t.db.account.count({ where: { sourceId: source.id } })).toBe(20);
    expect(await t.db.loginAttempt.count()).toBe(2000);
    expect(await t.db.ingestedEvent.count({ where: { sourceId: source.id } })).toBe(2020);
    const rejects = readFileSync(second.rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => r.line)).toEqual([501, 502]);
    expect(rejects[1]?.reason).toMatch(/^data\.channel/);
  });
});

describe("history older than the login attempt retention", () => {
  it("refuses those attempts per line with the reason, and imports the rest of the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "import-old-"));
    const file = path.join(dir, "old-history.ndjson");
    const attempt = (id: string, daysAgo: number) =>
      JSON.stringify(
        buildEvent(
          "login.attempted",
          { account_id: "old-acct", channel: "smtp", outcome: "failure", reason: "wrong_password", ip: "203.0.113.8" },
          { id, time: new Date(NOW.getTime() - daysAgo * 86_400_000) },
        ),
      );
    const created = buildEvent(
      "account.created",
      { account_id: "old-acct", username: "old-history", email: "old@example.com" },
      { id: "old-c", time: "2019-01-01T00:00:00Z" },
    );
    writeFileSync(
      file,
      [JSON.stringify(created), attempt("old-1", 5 * 365), attempt("old-2", 401), attempt("recent-1", 10), attempt("old-3", 2000), attempt("recent-2", 1)].join(
        "\n",
      ) + "\n",
    );

    const summary = await runImport({ file, source: "history", batchSize: 2, ingest: (events) => ingestBatch(t.db, source, events, { now: NOW }) });

    expect(summary).toMatchObject({ interrupted: false, accepted: 3, rejected: 3, duplicate: 0 });
    const rejects = readFileSync(summary.rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; id: string; reason: string });
    expect(rejects.map((r) => [r.line, r.id])).toEqual([
      [2, "old-1"],
      [3, "old-2"],
      [5, "old-3"],
    ]);
    for (const r of rejects) expect(r.reason).toMatch(/^time: .* is older than the login attempt retention of 400 days/);
    expect(summary.rejectReasons.reduce((n, [, count]) => n + count, 0)).toBe(3);
    const acct = await t.db.account.findUniqueOrThrow({
      where: { sourceId_externalId: { sourceId: source.id, externalId: "old-acct" } },
      select: { id: true },
    });
    expect(await t.db.loginAttempt.count({ where: { accountId: acct.id } })).toBe(2);
  });
});
