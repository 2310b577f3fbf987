// npm run import -- --source <name> <file.ndjson | file.ndjson.gz> [--batch 1000] [--restart]
//
// Loads a platform's history: one CloudEvent per line, through the same validation and
// semantics as the ingest endpoint (ingestBatch: de-duplication by event id, ordering by
// event time, parking), in batches, with flat memory whatever the file's size. Ctrl-C
// stops after the batch in flight; running the same command again resumes from the
// checkpoint beside the file. Rejected lines go to <file>.rejects.ndjson.
//   DATABASE_URL  the console's database (without it: the embedded data folder, which
//                 must not be open in `npm start` at the same time)
//   LOGIN_ATTEMPT_RETENTION_DAYS, INGEST_MAX_CLOCK_SKEW_SECONDS  the ingest time rules
//                 (lib/ingest/time-rules.ts): older login attempts are rejected lines
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { CheckpointMismatchError, runImport } from "@/lib/backfill/run-import";
import { formatDuration, formatProgress, type ProgressState } from "@/lib/backfill/progress";
import { createPrismaClient } from "@/lib/db/prisma";
import { DataFolderInUseError, openDatabase } from "@/lib/db/runtime";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { ingestTimeRules, type TimeRules } from "@/lib/ingest/time-rules";
import { failWith, positiveOption } from "./bench-support";

const USAGE = "usage: npm run import -- --source <name> <file.ndjson | file.ndjson.gz> [--batch 1000] [--restart] [--rejects FILE]";
const fail: (message: string) => never = failWith("import", USAGE);
const { values: args, positionals } = parseArgs({
  options: { source: { type: "string" }, batch: { type: "string" }, restart: { type: "boolean" }, rejects: { type: "string" } },
  allowPositionals: true,
  strict: true,
});
const file = positionals[0];
if (!args.source) fail("--source is required (the name of an event source on the sources page)");
if (!file || positionals.length > 1) fail("give exactly one file");
if (!existsSync(file)) fail(`no such file: ${file}`);
const batchSize = positiveOption(fail, "batch", args.batch, 1000);
if (batchSize > 1000) fail("--batch is at most 1000 (the ingest endpoint's limit too)");
let timeRules: TimeRules;
try {
  timeRules = ingestTimeRules();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

let database;
try {
  database = await openDatabase();
} catch (error) {
  console.error(`import: ${error instanceof DataFolderInUseError ? error.message : `cannot open the database: ${String(error)}`}`);
  process.exit(1);
}
const db = createPrismaClient(database.url, { max: 2 });
const source = await db.eventSource
  .findUnique({ where: { name: args.source }, select: { id: true, name: true, allowedTypes: true, scopes: true, revokedAt: true } })
  .catch(async (error: unknown) => {
    // P2021: no such table, i.e. a database the migrations have not reached.
    if ((error as { code?: unknown }).code !== "P2021") throw error;
    console.error("import: this database has no event sources: run `npm run db:migrate` first (or start the embedded console once)");
    await db.$disconnect();
    await database.close();
    process.exit(1);
  });
if (!source || source.revokedAt || !source.scopes.includes("ingest")) {
  console.error(`import: no event source "${args.source}" that may ingest (see the sources page: it must exist, not be revoked, and have the ingest scope)`);
  await db.$disconnect();
  await database.close();
  process.exit(1);
}

const controller = new AbortController();
let firstInterrupt = 0;
process.on("SIGINT", () => {
  // A second signal within a second is the same Ctrl-C delivered twice (e.g. through a
  // wrapper that relays it): only a second press a moment later means "quit now".
  if (controller.signal.aborted) {
    if (Date.now() - firstInterrupt > 1000) process.exit(130);
    return;
  }
  firstInterrupt = Date.now();
  controller.abort();
  process.stderr.write("\nimport: stopping after the batch in flight (Ctrl-C again to quit at once; the checkpoint then lags, which is safe)\n");
});

const tty = process.stderr.isTTY;
let lastDraw = 0;
let last: ProgressState | null = null;
const draw = (state: ProgressState, final = false) => {
  last = state;
  const now = Date.now();
  if (!final && now - lastDraw < (tty ? 200 : 5000)) return;
  lastDraw = now;
  const line = formatProgress(state);
  process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
};

try {
  const summary = await runImport({
    file,
    source: source.name,
    batchSize,
    restart: args.restart ?? false,
    ...(args.rejects ? { rejectsPath: args.rejects } : {}),
    signal: controller.signal,
    onProgress: draw,
    // The real clock per batch: a long import must not judge late lines by its start time.
    ingest: async (events) => await ingestBatch(db, source, events, { now: new Date(), timeRules }),
  });
  if (last) draw(last, true);
  if (tty) process.stderr.write("\n");
  const took = formatDuration(summary.elapsedMs / 1000);
  console.log(
    `${summary.interrupted ? "interrupted" : "done"} in ${took}: ${summary.accepted} accepted, ${summary.duplicate} duplicate, ${summary.rejected} rejected` +
      (summary.resumedFromLine ? ` (resumed after line ${summary.resumedFromLine}; totals include the earlier run)` : ""),
  );
  if (summary.rejected) {
    console.log(`rejected lines are in ${summary.rejectsPath}${summary.rejectReasons.length ? "; most frequent reasons in this run:" : ""}`);
    for (const [reason, n] of summary.rejectReasons.slice(0, 5)) console.log(`  ×${n}  ${reason}`);
  }
  if (summary.interrupted) console.log(`run the same command again to resume after line ${summary.linesDone} (checkpoint: ${summary.checkpointPath})`);
  process.exitCode = summary.interrupted ? 130 : 0;
} catch (error) {
  if (error instanceof CheckpointMismatchError) {
    console.error(`import: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
} finally {
  await db.$disconnect();
  await database.close();
}
