// A CSV download that streams from the database in keyset batches: the shared engine of
// the console's exports (audit log, permissions audit). See lib/export/README.md.
import "server-only";
import { CSV_BOM, csvRow, type CsvCell } from "./csv";

export interface CsvBatch<Row, Cursor> {
  rows: Row[];
  /** Where the next batch starts; null when this was the last one. */
  next: Cursor | null;
}

export interface StreamCsvOptions<Row, Cursor> {
  header: readonly string[];
  /**
   * One keyset page: rows strictly after `cursor` (null = from the start), at most
   * `limit` of them. Each call must be its own short query, not part of a transaction
   * held for the whole export: the embedded database serves one session, so a long
   * transaction would stall every other request. Keyset on a stable, unique order
   * (e.g. created_at desc, id desc on an append-only table) keeps the export exact
   * without a snapshot.
   */
  fetchBatch: (cursor: Cursor | null, limit: number) => Promise<CsvBatch<Row, Cursor>>;
  toCells: (row: Row) => readonly CsvCell[];
  /** Rows per query. Default 1000. */
  batchSize?: number;
  /** Stops fetching when aborted (pass the request's signal: the client went away). */
  signal?: AbortSignal;
  /** Called once when the export fails mid-way (after the 200 was sent), for logging. */
  onError?: (error: unknown) => void;
}

/**
 * The CSV as a web stream: the BOM and header first, then one batch per pull. A pull
 * happens only when the consumer (the HTTP response, which waits for the socket) has
 * read what came before (highWaterMark 0), so at most one batch is in memory however
 * large the export, and a slow client slows the queries instead of filling memory.
 */
export function streamCsv<Row, Cursor>(options: StreamCsvOptions<Row, Cursor>): ReadableStream<Uint8Array> {
  const { header, fetchBatch, toCells, signal, onError } = options;
  const batchSize = options.batchSize ?? 1000;
  const encoder = new TextEncoder();
  let cursor: Cursor | null = null;
  let headerSent = false;
  let done = false;
  let cancelled = false;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (cancelled) return;
        if (signal?.aborted) {
          cancelled = true;
          controller.error(signal.reason);
          return;
        }
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(CSV_BOM + csvRow(header)));
          return;
        }
        if (done) {
          controller.close();
          return;
        }
        let batch: CsvBatch<Row, Cursor>;
        try {
          batch = await fetchBatch(cursor, batchSize);
        } catch (error) {
          onError?.(error);
          // The status line is already sent: erroring the stream aborts the response,
          // so the client sees a broken download rather than a silently short file.
          if (!cancelled) controller.error(error);
          return;
        }
        // The client may have gone while the query ran.
        if (cancelled) return;
        cursor = batch.next;
        done = batch.next === null;
        if (batch.rows.length > 0) {
          controller.enqueue(encoder.encode(batch.rows.map((row) => csvRow(toCells(row))).join("")));
        }
        if (done) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
}
