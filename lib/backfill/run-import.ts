// The backfill loop, independent of where events go: lines in, batches of parsed events
// to `ingest` (the same function the HTTP endpoint uses), a checkpoint after each batch,
// rejects to a file. Stopping (Ctrl-C) finishes the batch in flight, so the checkpoint
// always matches what was committed.
import { appendFileSync, writeFileSync } from "node:fs";
import { checkpointPathFor, readCheckpoint, removeCheckpoint, writeCheckpoint, type Counts } from "./checkpoint";
import { openLines } from "./lines";
import type { ProgressState } from "./progress";

export interface BackfillEventResult {
  status: "accepted" | "duplicate" | "rejected";
  /** For a rejected event: what was wrong, for the sender's engineer. */
  reason?: string;
}

export interface ImportOptions {
  file: string;
  source: string;
  ingest: (events: unknown[]) => Promise<BackfillEventResult[]>;
  batchSize?: number;
  checkpointPath?: string;
  rejectsPath?: string;
  /** Start again from the first line even if a checkpoint exists. */
  restart?: boolean;
  signal?: AbortSignal;
  onProgress?: (state: ProgressState) => void;
}

export interface ImportSummary extends Counts {
  linesDone: number;
  /** Lines skipped because a previous run had handled them. */
  resumedFromLine: number;
  interrupted: boolean;
  rejectsPath: string;
  checkpointPath: string;
  /** Reasons with how often each occurred in this run, most frequent first. */
  rejectReasons: [string, number][];
  elapsedMs: number;
}

export class CheckpointMismatchError extends Error {}

function describe(value: unknown): { id?: unknown; type?: unknown } {
  return typeof value === "object" && value !== null ? { id: (value as { id?: unknown }).id, type: (value as { type?: unknown }).type } : {};
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 1000;
  const checkpointPath = options.checkpointPath ?? checkpointPathFor(options.file);
  const rejectsPath = options.rejectsPath ?? `${options.file}.rejects.ndjson`;
  if (options.restart) removeCheckpoint(checkpointPath);
  const resume = readCheckpoint(checkpointPath, options.file, options.source);
  if (resume.kind === "mismatch") throw new CheckpointMismatchError(`${resume.why}; run with --restart to import from the first line`);
  const start = resume.kind === "resume" ? resume.checkpoint : { linesDone: 0, accepted: 0, duplicate: 0, rejected: 0 };
  const counts: Counts = { accepted: start.accepted, duplicate: start.duplicate, rejected: start.rejected };
  const reasons = new Map<string, number>();
  if (resume.kind === "fresh") writeFileSync(rejectsPath, "");
  const reader = await openLines(options.file);
  const began = performance.now();
  let linesDone = start.linesDone;
  let batch: { line: number; event: unknown }[] = [];
  let lastLine = linesDone;

  const reject = (line: number, reason: string, event?: unknown) => {
    counts.rejected++;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    appendFileSync(rejectsPath, JSON.stringify({ line, ...describe(event), reason }) + "\n");
  };
  const eventsSoFar = () => counts.accepted + counts.duplicate + counts.rejected;
  const progress = () =>
    options.onProgress?.({
      events: eventsSoFar(),
      bytesRead: reader.bytesRead(),
      fileBytes: reader.fileBytes,
      elapsedMs: performance.now() - began,
      resumedFrom: start.accepted + start.duplicate + start.rejected,
    });

  const flush = async () => {
    if (batch.length > 0) {
      const results = await options.ingest(batch.map((b) => b.event));
      if (results.length !== batch.length) throw new Error(`ingest answered ${results.length} results for ${batch.length} events`);
      results.forEach((result, i) => {
        const item = batch[i];
        if (!item) return;
        if (result.status === "rejected") reject(item.line, result.reason ?? "rejected", item.event);
        else counts[result.status]++;
      });
      batch = [];
    }
    linesDone = lastLine;
    writeCheckpoint(checkpointPath, options.file, options.source, linesDone, counts);
    progress();
  };

  let interrupted = false;
  for await (const line of reader.lines) {
    if (line.number <= start.linesDone) continue;
    lastLine = line.number;
    if (line.text.trim() === "") continue;
    let event: unknown;
    try {
      event = JSON.parse(line.text);
    } catch {
      reject(line.number, "not JSON: each line must be one CloudEvent as a JSON object");
      continue;
    }
    batch.push({ line: line.number, event });
    if (batch.length >= batchSize) {
      await flush();
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
  }
  // A finished import keeps its checkpoint: running the same command again finds nothing
  // left to send instead of re-sending the whole file as duplicates.
  if (!interrupted) await flush();
  return {
    ...counts,
    linesDone,
    resumedFromLine: start.linesDone,
    interrupted,
    rejectsPath,
    checkpointPath,
    rejectReasons: [...reasons.entries()].sort((a, b) => b[1] - a[1]),
    elapsedMs: performance.now() - began,
  };
}
