// npm run audit:verify [-- --anchor <id>:<hash>] [--from <id>:<hash>] [--batch-size N]
// Rebuilds the audit trail's hash chain outside the database and reports the first
// broken link. Reads DATABASE_URL (the app role's SELECT is enough), else the embedded
// data folder (stop `npm start` first: one process at a time).
// Exit status: 0 intact, 1 broken, 2 could not check.
// A chain cannot show that its newest entries were cut off: record the head it prints
// somewhere the console cannot write, and pass it back as --anchor next time (the whole
// trail is checked and must still contain it), or as --from (only the entries added
// since are checked, and must link to it: cheap on a large trail).
import { parseArgs } from "node:util";
import pg from "pg";
import { verifyAuditChain, type ChainLink } from "@/lib/audit/verify-chain";
import { openDatabase } from "@/lib/db/runtime";
import { failWith, positiveOption } from "./bench-support";

const USAGE = "usage: npm run audit:verify [-- --anchor <id>:<hash>] [--from <id>:<hash>] [--batch-size 5000]";
const fail: (message: string) => never = failWith("audit:verify", USAGE);

let values: { anchor?: string; from?: string; "batch-size"?: string };
try {
  ({ values } = parseArgs({
    options: { anchor: { type: "string" }, from: { type: "string" }, "batch-size": { type: "string" } },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const batchSize = positiveOption(fail, "batch-size", values["batch-size"], 5_000);
function link(name: string, value: string | undefined): ChainLink | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match?.[1] || !match[2]) fail(`--${name} must be <id>:<64 hex digits> as printed by an earlier run, got "${value}"`);
  return { id: match[1], hash: match[2] };
}
const anchor = link("anchor", values.anchor);
const from = link("from", values.from);

const database = await openDatabase().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
const client = new pg.Client({ connectionString: database.url });
const started = Date.now();
let lastReport = started;
try {
  await client.connect();
  const result = await verifyAuditChain(client, {
    batchSize,
    ...(anchor ? { anchor } : {}),
    ...(from ? { from } : {}),
    onProgress: (checked) => {
      if (Date.now() - lastReport > 5_000) {
        lastReport = Date.now();
        console.error(`… ${checked.toLocaleString("en-US")} entries checked`);
      }
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    const scope = from ? ` after entry ${from.id}, which still carries its recorded hash` : "";
    console.log(
      `audit trail intact: ${result.count.toLocaleString("en-US")} ${result.count === 1 ? "entry" : "entries"} checked${scope} in ${seconds} s${anchor ? `, and the recorded entry ${anchor.id} is in it` : ""}`,
    );
    if (result.head) {
      console.log(`head: entry ${result.head.id}, hash ${result.head.hash}`);
      console.log(
        `record it outside the console's reach, then check with --anchor ${result.head.id}:${result.head.hash} (the whole trail) or --from (only what was added since)`,
      );
    }
  } else {
    console.log(`audit trail BROKEN at entry ${result.broken.id} (${result.broken.problem}): ${result.broken.message}`);
    console.log(
      `${result.count.toLocaleString("en-US")} entries before it are intact` +
        (result.lastGood ? `; the last good entry is ${result.lastGood.id}, hash ${result.lastGood.hash}` : ""),
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`audit:verify: could not check the trail: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await client.end().catch(() => undefined);
  await database.close();
}
