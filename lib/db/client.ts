import "server-only";
import { createPrismaClient, type Db } from "./prisma";

// One client per server process. Next's dev server reloads modules, so the instance
// is parked on globalThis to avoid opening a new pool on every edit.
const globalForDb = globalThis as unknown as { consoleDb?: Db };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the console with `npm start`, which provides one");
  }
  return url;
}

export function getDb(): Db {
  // The launcher says which kind of database it started us on; prepared statements only
  // on a PostgreSQL server (see ClientOptions).
  globalForDb.consoleDb ??= createPrismaClient(databaseUrl(), { preparedStatements: process.env.CONSOLE_DATABASE_MODE === "server" });
  return globalForDb.consoleDb;
}
