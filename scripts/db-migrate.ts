// npm run db:migrate: applies pending migrations as the owner: MIGRATION_DATABASE_URL,
// else DATABASE_URL (one role for everything), else the embedded data folder.
import { applyMigrations } from "@/lib/db/migrations";
import { openDatabase, ownerDatabaseUrl } from "@/lib/db/runtime";

const ownerUrl = ownerDatabaseUrl();
const database = await openDatabase(ownerUrl ? { url: ownerUrl } : {});
try {
  const applied = await applyMigrations(database.url);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
  // New tables reach the app role through default privileges, but only db:roles keeps
  // the audit trail append-only for it.
  if (applied.length && process.env.MIGRATION_DATABASE_URL) console.log("now run `npm run db:roles` to re-check the app role's grants");
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
