// A migration's own test: a database migrated up to, but not including, the migration
// under test, with an owner connection to write the old shape of the data in SQL (the
// Prisma client already knows the new one). The test then applies the rest with
// `applyMigrations(db.url)` and checks what the migration made of that data.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_DIR } from "@/lib/db/migrations";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";

export interface DatabaseBeforeMigration {
  /** The test database (its `url` is what `applyMigrations` takes). */
  database: TestDatabase;
  /** A connection as the database's owner. */
  owner: pg.Client;
  close(): Promise<void>;
}

export async function databaseBeforeMigration(migration: string): Promise<DatabaseBeforeMigration> {
  const dir = await mkdtemp(path.join(tmpdir(), `before-${migration}-`));
  const names = (await readdir(MIGRATIONS_DIR)).filter((name) => name === "migration_lock.toml" || name < migration);
  for (const name of names) await cp(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  const database = await createTestDatabase({ migrationsDir: dir });
  const owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  return {
    database,
    owner,
    async close() {
      await owner.end();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
