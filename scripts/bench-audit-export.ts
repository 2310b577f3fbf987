// The export half of `npm run bench:audit` (scripts/bench-audit.ts): a CSV export of
// --export-rows rows through the real export code (streamCsv + the fetch batches) and
// through a raw `pg` keyset loop, with rows per second and the process's memory.
import type pg from "pg";
import type { Db } from "@/lib/db/prisma";
import { permissionsCsvCells, PERMISSIONS_CSV_HEADER } from "@/lib/data/audit/permissions/csv";
import { fetchPermissionsBatch, type TeammatePermissionRow } from "@/lib/data/audit/permissions/list";
import { auditCsvCells, AUDIT_CSV_HEADER, fetchAuditBatch, type AuditEntryDto, type AuditPosition } from "@/lib/data/audit/list-audit-entries";
import { csvRow } from "@/lib/export/csv";
import { streamCsv } from "@/lib/export/stream-csv";

export const TARGET_EXPORT_ROWS_PER_S = 20_000;

/** The permissions rows as raw SQL selects them (the bench's pages compare against it too). */
export const PERMISSIONS_SELECT = `t.id, t.account_id, a.username AS account_username, a.status::text AS account_status, t.username, t.email,
                t.level, t.scopes, t.last_login_at, t.created_at`;

interface MemoryTrace {
  startRss: number;
  peakRss: number;
  endRss: number;
  peakHeap: number;
  /** Live heap (after a forced GC) when a quarter, half, three quarters and all of the rows were out. */
  quartiles: number[];
}

async function drain(stream: ReadableStream<Uint8Array>, rowsWanted: number, onRows: (rows: number) => void): Promise<{ bytes: number }> {
  const reader = stream.getReader();
  let bytes = 0;
  let rows = -1; // the header
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) rows++;
    onRows(rows);
    if (rows >= rowsWanted) {
      await reader.cancel();
      break;
    }
  }
  return { bytes };
}

async function measureExport(
  name: string,
  makeStream: () => ReadableStream<Uint8Array>,
  exportRows: number,
): Promise<{ rowsPerS: number; rows: number; mem: MemoryTrace; ms: number }> {
  global.gc?.();
  const mb = (n: number) => n;
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const quartiles: number[] = [];
  let nextQuartile = 1;
  let rows = 0;
  const t0 = performance.now();
  await drain(makeStream(), exportRows, (n) => {
    rows = n;
    while (nextQuartile <= 4 && n >= (exportRows * nextQuartile) / 4) {
      // Live heap, not garbage waiting for collection: what a leak would grow.
      global.gc?.();
      quartiles.push(process.memoryUsage().heapUsed);
      nextQuartile++;
    }
  });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const endRss = process.memoryUsage().rss;
  void name;
  return {
    rowsPerS: rows / (ms / 1000),
    rows,
    ms,
    mem: { startRss: mb(startRss), peakRss: mb(peakRss), endRss: mb(endRss), peakHeap: mb(peakHeap), quartiles },
  };
}

/** The baseline: the same rows, keyset batches of the same size, plain pg and CSV, no flags. */
function rawExportStream(pool: pg.Pool, batch: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: [number, number] = [0, 0];
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvRow(PERMISSIONS_CSV_HEADER)));
          return;
        }
        if (done) return controller.close();
        const { rows } = await pool.query<{
          id: number;
          account_id: number;
          account_username: string;
          account_status: string;
          username: string;
          email: string;
          level: string;
          scopes: string[];
          last_login_at: Date | null;
          created_at: Date;
        }>(
          `SELECT ${PERMISSIONS_SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND (account_id, id) > ($1::int4, $2::int4)
           ORDER BY account_id, id LIMIT $3) t JOIN accounts a ON a.id = t.account_id ORDER BY t.account_id, t.id`,
          [after[0], after[1], batch],
        );
        const lastRow = rows[rows.length - 1];
        if (!lastRow || rows.length < batch) done = true;
        if (lastRow) after = [lastRow.account_id, lastRow.id];
        controller.enqueue(
          encoder.encode(
            rows
              .map((r) =>
                csvRow([
                  r.account_id,
                  r.account_username,
                  r.account_status,
                  r.id,
                  r.username,
                  r.email,
                  r.level,
                  r.scopes.join(" "),
                  r.last_login_at?.toISOString() ?? "",
                  r.created_at.toISOString(),
                  "",
                ]),
              )
              .join(""),
          ),
        );
        if (done) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

export interface ExportBench {
  pool: pg.Pool;
  db: Db;
  now: Date;
  exportRows: number;
}

/** Streams --export-rows rows through each export and the raw baseline; returns the targets missed. */
export async function benchExport({ pool, db, now, exportRows }: ExportBench): Promise<string[]> {
  const problems: string[] = [];
  const BATCH = 1000;
  const m = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `\nCSV exports of ${exportRows.toLocaleString("en-US")} rows (no filter, batches of ${BATCH}; the raw baseline reads the permissions rows without flags):`,
  );
  const results = [];
  for (const [name, make] of [
    ["raw pg keyset (no flags)", () => rawExportStream(pool, BATCH)],
    [
      "audit log export stream",
      () =>
        streamCsv<AuditEntryDto, AuditPosition>({
          header: AUDIT_CSV_HEADER,
          fetchBatch: (c, l) => fetchAuditBatch(db, {}, c, l),
          toCells: auditCsvCells,
          batchSize: BATCH,
        }),
    ],
    [
      "permissions export stream",
      () =>
        streamCsv<TeammatePermissionRow, string>({
          header: PERMISSIONS_CSV_HEADER,
          fetchBatch: (c, l) => fetchPermissionsBatch(db, {}, { sort: "account", dir: "asc" }, c, l, now),
          toCells: permissionsCsvCells,
          batchSize: BATCH,
        }),
    ],
  ] as const) {
    const r = await measureExport(name, make, exportRows);
    results.push(r);
    console.log(
      `${name.padEnd(26)} ${r.rows.toLocaleString("en-US").padStart(9)} rows in ${(r.ms / 1000).toFixed(1).padStart(5)} s = ${Math.round(r.rowsPerS).toLocaleString("en-US").padStart(7)} rows/s | RSS start ${m(r.mem.startRss)}, peak ${m(r.mem.peakRss)}, end ${m(r.mem.endRss)} | heap peak ${m(r.mem.peakHeap)}, live heap at 25/50/75/100%: ${r.mem.quartiles.map(m).join(" / ")}`,
    );
  }
  const [raw, audit, ours] = results;
  if (raw && ours) console.log(`permissions export rows/s ratio (export / raw pg): ${(ours.rowsPerS / raw.rowsPerS).toFixed(2)}`);
  for (const [name, r] of [
    ["audit log export", audit],
    ["permissions export", ours],
  ] as const) {
    if (!r) continue;
    if (r.rowsPerS < TARGET_EXPORT_ROWS_PER_S) problems.push(`${name}: ${Math.round(r.rowsPerS)} rows/s < ${TARGET_EXPORT_ROWS_PER_S}`);
    const q = r.mem.quartiles;
    // Flat: the live heap at the end is within 64 MB of the live heap a quarter of the way in.
    if (q.length === 4 && (q[3] ?? 0) - (q[0] ?? 0) > 64 * 1024 * 1024) problems.push(`${name}: heap grew by more than 64 MB between 25% and 100%`);
  }
  return problems;
}
