// A fresh, migrated database for one test file: embedded PGlite in memory by default,
// or a new database on the PostgreSQL server named by TEST_DATABASE_URL (created here
// and dropped afterwards).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { assertLocalDatabaseUrl } from "./assert-local";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrations";
import { createPrismaClient, type Db } from "./prisma";

export interface TestDatabase {
  url: string;
  db: Db;
  kind: "embedded" | "postgres";
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Migrate from this folder instead of prisma/migrations (e.g. to stop before one). */
  migrationsDir?: string;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    await applyMigrations(embedded.url, options.migrationsDir);
    const db = createPrismaClient(embedded.url, { max: 4 });
    return {
      url: embedded.url,
      db,
      kind: "embedded",
      async drop() {
        await db.$disconnect();
        await embedded.stop();
      },
    };
  }
  assertLocalDatabaseUrl(serverUrl);
  const name = `console_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString(), options.migrationsDir);
  const db = createPrismaClient(url.toString(), { max: 4 });
  return {
    url: url.toString(),
    db,
    kind: "postgres",
    async drop() {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
