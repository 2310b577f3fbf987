// npm run test:pgbouncer [-- <vitest filters>]: the PostgreSQL integration suite with every
// test file's client going through PgBouncer in transaction pooling mode, the way a
// deployment's DATABASE_URL would (docs/operations.md, "Connection pooler").
//
// Starts Debian's pgbouncer (lib/testing/pgbouncer.ts) in front of TEST_DATABASE_URL
// (default: the local server CI uses), then runs `vitest --project integration` with
// TEST_DATABASE_POOLER_URL naming it: each file's database is still created, migrated
// and dropped straight on the server (lib/db/test-database.ts), as MIGRATION_DATABASE_URL
// would be. DATABASE_PREPARED_STATEMENTS follows the pooler's version, as the docs tell
// operators to set it. Filters given on the command line narrow the run (vitest's own).
import { spawn } from "node:child_process";
import path from "node:path";
import { findPgBouncer, startPgBouncer } from "@/lib/testing/pgbouncer";

const ROOT = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const found = findPgBouncer();
if (!found.ok) {
  console.error(`test:pgbouncer: ${found.missing}`);
  process.exit(2);
}
const bouncer = await startPgBouncer(found.binary, serverUrl, { poolSize: 20 });
const prepared = bouncer.preparedStatements ? "on" : "off";
console.log(
  `test:pgbouncer: PgBouncer ${found.binary.version.join(".")} (transaction pooling) on 127.0.0.1:${bouncer.port} in front of ${new URL(serverUrl).host}; DATABASE_PREPARED_STATEMENTS=${prepared}`,
);

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--project", "integration", ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE_URL: serverUrl, TEST_DATABASE_POOLER_URL: bouncer.url(serverUrl), DATABASE_PREPARED_STATEMENTS: prepared },
  });
  child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});
await bouncer.stop();
process.exit(code);
