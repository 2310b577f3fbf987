// The backfill loop against a receiver that de-duplicates by event id, as the ingest
// path does: interrupting and resuming, gzip, bad lines and a changed file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { CheckpointMismatchError, runImport, type BackfillEventResult } from "./run-import";
import { formatProgress } from "./progress";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "backfill-"));
});

function receiver() {
  const seen = new Set<string>();
  const batches: number[] = [];
  const ingest = (events: unknown[]): Promise<BackfillEventResult[]> => {
    batches.push(events.length);
    return Promise.resolve(
      events.map((event) => {
        const id = (event as { id?: unknown }).id;
        if (typeof id !== "string") return { status: "rejected", reason: "id: expected a string" };
        if (seen.has(id)) return { status: "duplicate" };
        seen.add(id);
        return { status: "accepted" };
      }),
    );
  };
  return { seen, batches, ingest };
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: `e${i + 1}`, type: "login.attempted" })).join("\n") + "\n";

describe("runImport", () => {
  it("sends every line once in batches, writes rejects with their line, and counts", async () => {
    const file = path.join(dir, "events.ndjson");
    writeFileSync(file, lines(5) + "not json\n\n" + JSON.stringify({ type: "x" }) + "\n" + lines(2));
    const r = receiver();
    const summary = await runImport({ file, source: "s", ingest: r.ingest, batchSize: 2 });
    expect(summary).toMatchObject({ accepted: 5, duplicate: 2, rejected: 2, interrupted: false });
    expect(Math.max(...r.batches)).toBe(2);
    const rejects = readFileSync(summary.rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((x) => x.line)).toEqual([6, 8]);
    expect(rejects[1]?.reason).toBe("id: expected a string");
  });

  it("stops after the batch in flight when interrupted, and a rerun resumes without sending anything twice", async () => {
    const file = path.join(dir, "events.ndjson.gz");
    writeFileSync(file, gzipSync(lines(1000)));
    const r = receiver();
    const controller = new AbortController();
    let batches = 0;
    const first = await runImport({
      file,
      source: "s",
      batchSize: 100,
      signal: controller.signal,
      ingest: async (events) => {
        if (++batches === 3) controller.abort();
        return r.ingest(events);
      },
    });
    expect(first).toMatchObject({ interrupted: true, accepted: 300, linesDone: 300 });
    const second = await runImport({ file, source: "s", batchSize: 100, ingest: r.ingest });
    expect(second).toMatchObject({ interrupted: false, accepted: 1000, duplicate: 0, resumedFromLine: 300 });
    expect(r.seen.size).toBe(1000);
    // Run once more: nothing left to send.
    const before = r.batches.length;
    await runImport({ file, source: "s", batchSize: 100, ingest: r.ingest });
    expect(r.batches.length).toBe(before);
  });

  it("refuses to resume when the file changed since the checkpoint, unless told to restart", async () => {
    const file = path.join(dir, "events.ndjson");
    writeFileSync(file, lines(10));
    const r = receiver();
    const controller = new AbortController();
    controller.abort();
    await runImport({ file, source: "s", batchSize: 2, ingest: r.ingest, signal: controller.signal });
    writeFileSync(file, lines(12));
    await expect(runImport({ file, source: "s", ingest: r.ingest })).rejects.toThrow(CheckpointMismatchError);
    await expect(runImport({ file, source: "other", ingest: r.ingest, restart: true })).resolves.toMatchObject({ accepted: 10, duplicate: 2 });
  });
});

describe("formatProgress", () => {
  it("shows rate, done/estimated total and ETA from the share of the file read", () => {
    const line = formatProgress({ events: 2500, bytesRead: 250, fileBytes: 1000, elapsedMs: 1000, resumedFrom: 0 }, 8);
    expect(line).toBe("[##......] 25.0%  2,500/~10,000 events  2,500 ev/s  ETA 0:03");
    expect(formatProgress({ events: 10, bytesRead: 100, fileBytes: 100, elapsedMs: 500, resumedFrom: 0 }, 4)).toContain("10/10 events");
  });
});
