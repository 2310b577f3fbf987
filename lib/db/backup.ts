// Backups as a PostgreSQL operator takes them: pg_dump's custom format, restored with
// pg_restore into a new database. Used by the restore drill (scripts/db-restore-drill.ts,
// docs/operations.md#backups-and-restore), which proves a backup restores into a console
// that starts and whose audit trail still holds its recorded head.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** The same server's connection string for another database. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the server `serverUrl` points at (a role that may CREATEDB). */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** pg_dump in the custom format (compressed, restorable table by table) into `file`. */
export async function dumpDatabase(url: string, file: string): Promise<void> {
  await run("pg_dump", ["--format=custom", "--file", file, "--dbname", url]);
}

/**
 * pg_restore into `url`, an empty database. Owners and grants are restored as dumped:
 * the app role (npm run db:roles) must exist on the target server, as it does when the
 * server itself is the one restored to.
 */
export async function restoreDatabase(file: string, url: string): Promise<void> {
  await run("pg_restore", ["--exit-on-error", "--dbname", url, file]);
}
