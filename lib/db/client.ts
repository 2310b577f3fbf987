import "server-only";
import { config } from "@/lib/config";
import { log } from "@/lib/log";
import { createPrismaClient, type Db } from "./prisma";

// One client per server process. Next's dev server reloads modules, so the instance
// is parked on globalThis to avoid opening a new pool on every edit.
// `consoleReadDb` is the read replica's client (DATABASE_READ_URL), or null when there is
// none; undefined until first asked.
const globalForDb = globalThis as unknown as { consoleDb?: Db; consoleReadDb?: Db | null };

function databaseUrl(): string {
  const url = config().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the console with `npm start`, which provides one");
  }
  return url;
}

/** The primary: every write, and every read that must see the latest state. */
export function getDb(): Db {
  // The launcher says which kind of database it started us on; prepared statements only
  // on a PostgreSQL server (see ClientOptions), and not through a transaction pooler that
  // cannot keep them (DATABASE_PREPARED_STATEMENTS=off, docs/operations.md).
  globalForDb.consoleDb ??= createPrismaClient(databaseUrl(), {
    preparedStatements: config().CONSOLE_DATABASE_MODE === "server" && config().DATABASE_PREPARED_STATEMENTS,
  });
  return globalForDb.consoleDb;
}

function readUrl(): string | null {
  const url = config().DATABASE_READ_URL;
  if (!url) return null;
  // `npm start` refuses this combination before anything starts (scripts/launch-config.ts);
  // this catches a server started some other way. PGlite has no replicas, and the URL
  // would name some other database entirely.
  if (config().CONSOLE_DATABASE_MODE === "embedded") {
    log.warn("DATABASE_READ_URL ignored: the embedded database has no replicas, every read goes to it");
    return null;
  }
  return url;
}

/**
 * The read replica (DATABASE_READ_URL), or null when none is configured. Never call it
 * directly from a page: lib/db/read-routing.ts decides which reads may lag behind.
 */
export function getReplicaDb(): Db | null {
  if (globalForDb.consoleReadDb === undefined) {
    const url = readUrl();
    // Never the embedded database (readUrl), so prepared statements are safe (see ClientOptions)
    // unless a transaction pooler stands in between.
    globalForDb.consoleReadDb = url ? createPrismaClient(url, { preparedStatements: config().DATABASE_PREPARED_STATEMENTS, role: "replica" }) : null;
  }
  return globalForDb.consoleReadDb;
}
