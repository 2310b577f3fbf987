// How scripts and the launcher reach "the database": the PostgreSQL server named by
// DATABASE_URL (or a URL the script passes), or else the embedded PGlite data folder,
// opened by one process at a time (PGlite is not multi-process; a second opener would
// corrupt it).
//
// The embedded server is reachable only through a Unix socket in <data folder>/run (mode
// 0700), so other processes of the same user (the web server, e2e tests arranging data,
// psql) connect with embeddedDatabaseUrl(); nobody else can, and there is no TCP port.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { socketUrl, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
import { makePrivateDir, OWNER_ONLY_UMASK, restrictToOwner } from "./private-files";
import { config } from "@/lib/config";

export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, "../../.data");

/** The folder of the embedded database's socket, inside the data folder. */
export const socketDirFor = (dataDir: string) => path.join(path.resolve(dataDir), "run");
// When the data folder's path is too long for a socket path, the socket lives in a
// private temporary folder instead, and this file in the run folder names it.
const SOCKET_POINTER = "socket-dir";

/**
 * The connection string of the embedded database of a console running on `dataDir`, for
 * other processes of the same user: the web server, e2e tests that arrange data, psql
 * (`psql "$(…)"`). Nothing is listening when the console is not running.
 */
export function embeddedDatabaseUrl(dataDir: string = DEFAULT_DATA_DIR): string {
  const runDir = socketDirFor(dataDir);
  try {
    return socketUrl(readFileSync(path.join(runDir, SOCKET_POINTER), "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return socketUrl(runDir);
  }
}

export interface OpenDatabase {
  url: string;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid} (is \`npm start\` already running?). ` +
        "Stop that process first, or set DATABASE_URL to use a PostgreSQL server instead.",
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the data folder's lock file; returns its release function. */
export function lockDataFolder(dataDir: string): () => void {
  makePrivateDir(dataDir);
  const lockPath = path.join(dataDir, "console.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataFolderInUseError(dataDir, pid);
      }
      // Left behind by a process that died without cleaning up (kill -9, power loss).
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

export async function openDatabase(options: { dataDir?: string; url?: string } = {}): Promise<OpenDatabase> {
  const url = options.url || config().DATABASE_URL;
  if (url) return { url, embedded: null, close: () => Promise.resolve() };
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  // Files this process creates from now on (the database's, the auth secret) are the
  // owner's only; PGlite's own 0666 files are fixed by restrictToOwner below.
  process.umask(OWNER_ONLY_UMASK);
  const release = lockDataFolder(dataDir);
  const runDir = socketDirFor(dataDir);
  const pointer = path.join(runDir, SOCKET_POINTER);
  try {
    // Installs from before the data folder was private have group/world-readable files.
    restrictToOwner(dataDir);
    makePrivateDir(runDir);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), socketDir: runDir });
    try {
      // PGlite chmods a new data folder's files (initdb) and the relation cache files it
      // writes at the first query to 0644/0666: run that query, then take the bits back.
      await embedded.db.query("SELECT 1");
      restrictToOwner(dataDir);
      if (embedded.socketDir === runDir) rmSync(pointer, { force: true });
      else writeFileSync(pointer, embedded.socketDir, { mode: 0o600 });
    } catch (error) {
      await embedded.stop();
      throw error;
    }
    return {
      url: embedded.url,
      embedded,
      async close() {
        try {
          await embedded.stop();
          restrictToOwner(dataDir);
          rmSync(pointer, { force: true });
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The owner's connection for jobs that change the schema or load data (migrations,
 * grants, seeds): MIGRATION_DATABASE_URL, or DATABASE_URL when one role does everything.
 */
export function ownerDatabaseUrl(): string | undefined {
  const { MIGRATION_DATABASE_URL, DATABASE_URL } = config();
  return MIGRATION_DATABASE_URL ?? DATABASE_URL;
}
