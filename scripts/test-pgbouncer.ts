// npm run test:pgbouncer [-- <vitest filters>]: the PostgreSQL integration suite with every
// test file's client going through PgBouncer in transaction pooling mode, the way a
// deployment's DATABASE_URL would (docs/operations.md, "Connection pooler").
//
// Starts Debian's pgbouncer (lib/testing/pgbouncer.ts) in front of TEST_DATABASE_URL
// (default: the local server CI uses), then runs `vitest --project integration` with
// TEST_DATABASE_POOLER_URL naming it: each file's database is still created, migrated
// and dropped straight on the server (lib/db/test-database.ts), as MIGRATION_DATABASE_URL
// would be. DATABASE_PREPARED_STATEMENTS follows the pooler's version, as the docs tell
// operators to set it.
//
// Without arguments it runs SUBSET below, one file for each kind of statement the console
// sends, at a fraction of the whole suite's cost (which doubles CI's PostgreSQL pass);
// `npm run test:pgbouncer -- .` runs every integration file, and other vitest filters
// narrow the run as usual.
import { spawn } from "node:child_process";
import path from "node:path";
import { findPgBouncer, startPgBouncer } from "@/lib/testing/pgbouncer";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Each kind of statement, through the pooler (docs/operations.md, "Connection pooler"). */
const SUBSET = [
  // what transaction pooling changes, point by point: named statements, advisory locks, settings
  "lib/db/pooler.int.test.ts",
  // planOnce statements (the account page's facts and timeline, the session check on every request)
  "lib/data/accounts/load-account-facts.int.test.ts",
  "lib/data/accounts/timeline.int.test.ts",
  "lib/auth/current-staff.int.test.ts",
  // transaction-scoped advisory locks: recovery limits and idempotency, sign-in counting,
  // the audit chain's trigger, partition upkeep (SECURITY DEFINER function, DDL)
  "lib/actions/recovery/recovery-actions.int.test.ts",
  "lib/auth/verify-credentials.int.test.ts",
  "lib/audit/verify-chain.int.test.ts",
  "lib/jobs/login-attempt-partitions.int.test.ts",
  // interactive transactions with FOR UPDATE SKIP LOCKED leases: the outbox
  "lib/email/dispatcher.int.test.ts",
  // set_config(…, true) and trigram search
  "lib/data/search/search-customers.int.test.ts",
  // multi-row INSERT … ON CONFLICT, the shared rate window, the HTTP route
  "lib/ingest/http.int.test.ts",
  // a second login role through the pooler, and what it may not do (SET, SET LOCAL)
  "lib/db/roles.int.test.ts",
];
const filters = process.argv.length > 2 ? process.argv.slice(2) : SUBSET;
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const found = findPgBouncer();
if (!found.ok) {
  console.error(`test:pgbouncer: ${found.missing}`);
  process.exit(2);
}
const bouncer = await startPgBouncer(found.binary, serverUrl, { poolSize: 20 });
const prepared = bouncer.preparedStatements ? "on" : "off";
console.log(
  `test:pgbouncer: ${filters === SUBSET ? `${SUBSET.length} files, one for each kind of statement (\`-- .\` for all)` : filters.join(" ")}; PgBouncer ${found.binary.version.join(".")} (transaction pooling) on 127.0.0.1:${bouncer.port} in front of ${new URL(serverUrl).host}; DATABASE_PREPARED_STATEMENTS=${prepared}`,
);

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--project", "integration", ...filters], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE_URL: serverUrl, TEST_DATABASE_POOLER_URL: bouncer.url(serverUrl), DATABASE_PREPARED_STATEMENTS: prepared },
  });
  child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});
await bouncer.stop();
process.exit(code);
