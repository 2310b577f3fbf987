// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded
// data folder when DATABASE_URL is unset.
import { applyMigrations } from "../lib/db/migrations";
import { openDatabase } from "../lib/db/runtime";

const database = await openDatabase();
try {
  const applied = await applyMigrations(database.url);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
