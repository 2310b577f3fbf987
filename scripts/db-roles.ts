// npm run db:roles [-- --role console_app]
// Run as the owner (MIGRATION_DATABASE_URL, or DATABASE_URL in a single-role setup)
// after every `npm run db:migrate`: creates the app's login role if it is missing and
// grants it the data but only SELECT and INSERT on the audit trail. The app then
// connects as that role (DATABASE_URL).
//   --role / APP_DB_ROLE       the app role's name (default console_app)
//   APP_DB_PASSWORD            its password (sets or rotates it); a new role without
//                              one gets a generated password, printed once
import { parseArgs } from "node:util";
import { AppRoleError, ensureAppRole } from "@/lib/db/roles";

const USAGE = "usage: MIGRATION_DATABASE_URL=postgres://owner@… npm run db:roles [-- --role console_app]";

function fail(message: string): never {
  console.error(`db:roles: ${message}\n${USAGE}`);
  process.exit(2);
}

let role: string;
try {
  const { values } = parseArgs({ options: { role: { type: "string" } }, strict: true, allowPositionals: false });
  role = values.role ?? process.env.APP_DB_ROLE ?? "console_app";
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const ownerUrl = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
if (!ownerUrl) {
  // PGlite serves one superuser session to every connection: there is no second role
  // to restrict. The hash chain (npm run audit:verify) is the protection there.
  fail(
    "set MIGRATION_DATABASE_URL (or DATABASE_URL) to the owner's connection on a PostgreSQL server; the embedded database has a single superuser session, so it has no roles to separate",
  );
}

try {
  const password = process.env.APP_DB_PASSWORD || undefined;
  const result = await ensureAppRole(ownerUrl, { role, ...(password ? { password } : {}) });
  console.log(
    `${result.created ? "created" : "updated"} role ${result.role}: read/write on ${result.readWriteTables} table(s) in schema ${result.schema}, ` +
      "SELECT and INSERT only on audit_entries, SELECT only on _prisma_migrations and audit_chain_head",
  );
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  if (result.generatedPassword) {
    const url = new URL(ownerUrl);
    url.username = result.role;
    url.password = result.generatedPassword;
    console.log("\nGenerated password (shown once, stored nowhere): the console's connection string is");
    console.log(`  DATABASE_URL=${url.toString()}`);
  }
} catch (error) {
  console.error(`db:roles: ${error instanceof AppRoleError ? error.message : String(error)}`);
  process.exitCode = 1;
}
