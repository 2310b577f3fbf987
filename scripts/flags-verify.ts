// npm run flags:verify [-- --examples 10] [--repair]
// Recomputes the summaries the pages read instead of the large tables (the permissions
// audit's flag facts and the search home's counts) from scratch, in one snapshot, and
// reports every difference from what the triggers kept. Reads DATABASE_URL (the app
// role's SELECT is enough), else the embedded data folder (stop `npm start` first: one
// process at a time). --repair rebuilds them (MIGRATION_DATABASE_URL or DATABASE_URL:
// it locks the source tables against writes for the few seconds it takes).
// Exit status: 0 no drift (or repaired), 1 drift, 2 could not check.
import { parseArgs } from "node:util";
import { createPrismaClient } from "@/lib/db/prisma";
import { openDatabase, ownerDatabaseUrl } from "@/lib/db/runtime";
import { repairSummaries, verifySummaries, type SummaryDrift } from "@/lib/data/summaries/verify";
import { failWith, positiveOption } from "./bench-support";

const USAGE = "usage: npm run flags:verify [-- --examples 10] [--repair]";
const fail: (message: string) => never = failWith("flags:verify", USAGE);

let values: { examples?: string; repair?: boolean };
try {
  ({ values } = parseArgs({ options: { examples: { type: "string" }, repair: { type: "boolean" } }, strict: true, allowPositionals: false }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const examples = positiveOption(fail, "examples", values.examples, 10);

function report(drift: SummaryDrift): void {
  const { accountFacts, teammateFacts, overviewCounts } = drift;
  console.log(`account flag facts: ${accountFacts.count === 0 ? "match" : `${accountFacts.count.toLocaleString("en-US")} accounts differ`}`);
  for (const d of accountFacts.examples) {
    const s = d.stored;
    const e = d.expected;
    console.log(
      `  account ${d.accountId}: owners/admins ${s.fullAccess} (expected ${e.fullAccess}), live teammates ${s.liveTeammates} (expected ${e.liveTeammates}), password integrations ${s.passwordIntegrations} (expected ${e.passwordIntegrations})`,
    );
  }
  console.log(`"Change → failed logins" facts: ${teammateFacts.count === 0 ? "match" : `${teammateFacts.count.toLocaleString("en-US")} teammates differ`}`);
  for (const d of teammateFacts.examples)
    console.log(`  teammate ${d.teammateId}: stored ${d.stored ?? "not flagged"}, expected ${d.expected ?? "not flagged"}`);
  if (teammateFacts.count && drift.pendingRechecks) {
    console.log(`  (${drift.pendingRechecks} credential changes await the worker's re-check: run again in a minute before repairing)`);
  }
  console.log(`home page counts: ${overviewCounts.length === 0 ? "match" : ""}`);
  for (const c of overviewCounts) console.log(`  ${c.name}: ${c.stored} (expected ${c.expected})`);
}

const ownerUrl = values.repair ? ownerDatabaseUrl() : undefined;
const database = await openDatabase(ownerUrl ? { url: ownerUrl } : {}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
const db = createPrismaClient(database.url, { max: 1 });
const started = Date.now();
try {
  const drift = await verifySummaries(db, { examples });
  report(drift);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (drift.ok) {
    console.log(`no drift (checked in ${seconds} s)`);
    process.exitCode = 0;
  } else if (values.repair) {
    const repaired = await repairSummaries(db);
    const after = await verifySummaries(db, { examples });
    console.log(
      `repaired: ${repaired.flagFacts.toLocaleString("en-US")} flag fact rows and ${repaired.overviewCounts} counters rebuilt; ${after.ok ? "no drift now" : "STILL DRIFTING"}`,
    );
    process.exitCode = after.ok ? 0 : 1;
  } else {
    console.log(`DRIFT found (checked in ${seconds} s): run with --repair to rebuild the summaries, and look for a writer that skips triggers`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`flags:verify: could not check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await db.$disconnect();
  await database.close();
}
