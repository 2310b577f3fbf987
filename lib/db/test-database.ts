// A fresh, migrated database for one test file: embedded PGlite in memory by default,
// or a new database on the PostgreSQL server named by TEST_DATABASE_URL (created here
// and dropped afterwards).
//
// Migrating from nothing costs every test file an initdb and the whole migration history
// (3.5 s on PGlite, more under load), which made the integration suites most of CI's
// time. So the migrated state is built once per migration history and day, and each
// file starts from a copy of it: a PGlite data-folder tarball in node_modules/.cache, or
// a template database on the server. Keyed by the migrations' content, a changed or new
// migration builds a new template; keyed by the day, partitions made "for this month"
// by a migration are never stale.
//
// With TEST_DATABASE_POOLER_URL as well (`npm run test:pgbouncer`), the file's client and
// `url` go through that transaction-pooling PgBouncer, as a deployment's DATABASE_URL
// would, while creating, migrating and dropping go straight to TEST_DATABASE_URL, as a
// deployment's MIGRATION_DATABASE_URL would (`directUrl`).
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { assertLocalDatabaseUrl } from "./assert-local";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations, MIGRATIONS_DIR } from "./migrations";
import { createPrismaClient, type Db } from "./prisma";

export interface TestDatabase {
  url: string;
  /** The same database without the pooler in between: for session-level work (migrations, roles). */
  directUrl: string;
  db: Db;
  kind: "embedded" | "postgres";
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Migrate from this folder instead of prisma/migrations (e.g. to stop before one). */
  migrationsDir?: string;
}

const CACHE_DIR = path.resolve(import.meta.dirname, "../../node_modules/.cache/console-test-databases");

/** What the migrated state depends on: every migration's name and SQL, the day, and PGlite's version. */
async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    hash.update(name);
    hash.update(await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql")));
  }
  hash.update(new Date().toISOString().slice(0, 10));
  const pglite = JSON.parse(await readFile(path.resolve(import.meta.dirname, "../../node_modules/@electric-sql/pglite/package.json"), "utf8")) as {
    version: string;
  };
  hash.update(pglite.version);
  return hash.digest("hex").slice(0, 16);
}

/** The migrated PGlite data folder as a tarball, built on first use (workers racing to build it each write their own copy and rename it into place). */
async function embeddedTemplate(): Promise<Blob> {
  const file = path.join(CACHE_DIR, `pglite-${await templateKey()}.tar`);
  const cached = await readFile(file).catch(() => null);
  if (cached) return new Blob([cached]);
  const embedded = await startEmbeddedPostgres();
  try {
    await applyMigrations(embedded.url);
    const dump = await embedded.db.dumpDataDir("none");
    await mkdir(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  } finally {
    await embedded.stop();
  }
}

async function withServerClient<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The name of a migrated template database on the server, made once under an advisory
 * lock (test files start in parallel). It is migrated under a temporary name and renamed
 * when complete, so a crash never leaves a half-migrated template; older templates are
 * dropped when a new one is made.
 */
async function serverTemplate(serverUrl: string): Promise<string> {
  const name = `console_test_template_${await templateKey()}`;
  return withServerClient(serverUrl, async (admin) => {
    await admin.query("SELECT pg_advisory_lock(hashtext('console_test_template'))");
    try {
      const existing = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (existing.rowCount) return name;
      const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'console\\_test\\_template\\_%'");
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      await applyMigrations(databaseUrl(serverUrl, building));
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      return name;
    } finally {
      await admin.query("SELECT pg_advisory_unlock(hashtext('console_test_template'))");
    }
  });
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = options.migrationsDir ? await startEmbeddedPostgres() : await startEmbeddedPostgres({ loadDataDir: await embeddedTemplate() });
    if (options.migrationsDir) await applyMigrations(embedded.url, options.migrationsDir);
    const db = createPrismaClient(embedded.url, { max: 4 });
    return {
      url: embedded.url,
      directUrl: embedded.url,
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
  const template = options.migrationsDir ? null : await serverTemplate(serverUrl);
  await withServerClient(serverUrl, (admin) => admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`));
  const directUrl = databaseUrl(serverUrl, name);
  if (options.migrationsDir) await applyMigrations(directUrl, options.migrationsDir);
  const poolerUrl = process.env.TEST_DATABASE_POOLER_URL;
  if (poolerUrl) assertLocalDatabaseUrl(poolerUrl);
  const url = poolerUrl ? databaseUrl(poolerUrl, name) : directUrl;
  // Through the pooler, the client is the app's: planOnce statements named unless the
  // pooler cannot keep them (DATABASE_PREPARED_STATEMENTS=off, docs/operations.md).
  const db = createPrismaClient(url, { max: 4, preparedStatements: Boolean(poolerUrl) && process.env.DATABASE_PREPARED_STATEMENTS !== "off" });
  return {
    url,
    directUrl,
    db,
    kind: "postgres",
    async drop() {
      await db.$disconnect();
      await withServerClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
