// How scripts and the launcher reach "the database": the PostgreSQL server named by
// DATABASE_URL (or a URL the script passes), or else the embedded PGlite data folder, opened by one process at a
// time (PGlite is not multi-process; a second opener would corrupt it).
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, "../../.data");

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
  mkdirSync(dataDir, { recursive: true });
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

export async function openDatabase(options: { dataDir?: string; port?: number; url?: string } = {}): Promise<OpenDatabase> {
  const url = options.url || process.env.DATABASE_URL;
  if (url) return { url, embedded: null, close: () => Promise.resolve() };
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const release = lockDataFolder(dataDir);
  try {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), port: options.port ?? 0 });
    return {
      url: embedded.url,
      embedded,
      async close() {
        try {
          await embedded.stop();
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
  return process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || undefined;
}
