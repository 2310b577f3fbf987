import { describe, expect, it, vi } from "vitest";
import { streamCsv } from "./stream-csv";

// A fake keyset source: rows 1..total, `limit` at a time, cursor = last id seen.
function source(total: number) {
  const fetchBatch = vi.fn((cursor: number | null, limit: number) => {
    const start = cursor ?? 0;
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => ({ id: start + i + 1, note: `n${start + i + 1}` }));
    const last = rows[rows.length - 1];
    return Promise.resolve({ rows, next: last && last.id < total ? last.id : null });
  });
  return fetchBatch;
}

const decode = (chunks: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(chunks));

describe("streamCsv", () => {
  it("writes the BOM, the header and every row in order, one query per batch", async () => {
    const fetchBatch = source(25);
    const stream = streamCsv({ header: ["id", "note"], fetchBatch, toCells: (r) => [r.id, r.note], batchSize: 10 });
    const text = await new Response(stream).text();
    // Response.text() strips the BOM; check it on the bytes instead.
    const bytes = new Uint8Array(await new Response(streamCsv({ header: ["id"], fetchBatch: source(0), toCells: () => [] })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("id,note");
    expect(lines.slice(1)).toEqual(Array.from({ length: 25 }, (_, i) => `${i + 1},n${i + 1}`));
    expect(fetchBatch).toHaveBeenCalledTimes(3);
    expect(fetchBatch.mock.calls.map((c) => c[0])).toEqual([null, 10, 20]);
  });

  it("fetches lazily: a batch only when the reader asks for more", async () => {
    const fetchBatch = source(1000);
    const reader = streamCsv({ header: ["id", "note"], fetchBatch, toCells: (r) => [r.id, r.note], batchSize: 10 }).getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read(); // header
    chunks.push(first.value ?? new Uint8Array());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetchBatch).toHaveBeenCalledTimes(0);
    const second = await reader.read(); // first batch
    chunks.push(second.value ?? new Uint8Array());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetchBatch).toHaveBeenCalledTimes(1);
    expect(decode(chunks).split("\r\n").filter(Boolean)).toHaveLength(11);
    await reader.cancel();
    expect(fetchBatch).toHaveBeenCalledTimes(1);
  });

  it("stops querying when the client disconnects (cancel) or the request is aborted", async () => {
    const fetchBatch = source(1000);
    const reader = streamCsv({ header: ["id"], fetchBatch, toCells: (r) => [r.id], batchSize: 10 }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetchBatch).toHaveBeenCalledTimes(1);

    const aborted = source(1000);
    const controller = new AbortController();
    const reader2 = streamCsv({ header: ["id"], fetchBatch: aborted, toCells: (r) => [r.id], batchSize: 10, signal: controller.signal }).getReader();
    await reader2.read();
    await reader2.read();
    controller.abort();
    await expect(reader2.read()).rejects.toThrow();
    expect(aborted).toHaveBeenCalledTimes(1);
  });

  it("errors the stream (so the download breaks visibly) when a batch fails", async () => {
    const onError = vi.fn();
    let calls = 0;
    const stream = streamCsv<number, number>({
      header: ["n"],
      fetchBatch: () => (++calls === 1 ? Promise.resolve({ rows: [1], next: 1 }) : Promise.reject(new Error("db gone"))),
      toCells: (n) => [n],
      onError,
    });
    await expect(new Response(stream).text()).rejects.toThrow();
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
