import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { makePrivateDir } from "./private-files";

export interface EmbeddedPostgres {
  /** A postgres:// URL any `pg` client (and so Prisma's adapter-pg) can use. */
  url: string;
  /** The folder (mode 0700) holding the server's Unix socket. */
  socketDir: string;
  db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A data folder; omit for an in-memory database (tests, shadow databases). */
  dataDir?: string;
  /**
   * Where to put the socket: a folder the caller owns exclusively (a stale socket in it is
   * removed). Omitted, or too long for a socket path: a new private folder in the system
   * temporary folder, removed on stop.
   */
  socketDir?: string;
  /** A data folder's tarball (PGlite's dumpDataDir) to start from instead of a new initdb. */
  loadDataDir?: Blob;
}

// The socket server speaks PostgreSQL without any authentication: whoever can connect is
// superuser. So it listens on a Unix socket (never TCP) in a folder only this user can
// open, named as PostgreSQL names its own, so `?host=<folder>` finds it.
export const SOCKET_FILE = ".s.PGSQL.5432";
// sun_path holds 108 bytes on Linux (104 on macOS and the BSDs), the final NUL included.
const MAX_SOCKET_PATH = process.platform === "linux" ? 107 : 103;

export function socketPathFits(socketDir: string): boolean {
  return Buffer.byteLength(path.join(socketDir, SOCKET_FILE)) <= MAX_SOCKET_PATH;
}

/** The connection string for the embedded server whose socket is in `socketDir`. */
export function socketUrl(socketDir: string): string {
  // pg reads the socket folder from the host parameter; "localhost" is never dialled.
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
}

function privateSocketDir(preferred: string | undefined): { dir: string; temporary: boolean } {
  if (preferred && socketPathFits(preferred)) {
    makePrivateDir(preferred);
    // Left by a process that died without closing (kill -9): the caller owns the folder.
    rmSync(path.join(preferred, SOCKET_FILE), { force: true });
    return { dir: preferred, temporary: false };
  }
  // mkdtemp creates the folder with mode 0700 under a name no one else can predict.
  const dir = mkdtempSync(path.join(tmpdir(), "console-pg-"));
  if (!socketPathFits(dir)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`no folder short enough for the embedded database's socket (tried ${preferred ?? "none"} and ${tmpdir()}): set TMPDIR to a shorter path`);
  }
  return { dir, temporary: true };
}

// PGlite runs every query on one backend session. The socket server queues the
// connections' queries and keeps a transaction's queries together, but it refuses
// connections above maxConnections, so it must be larger than any pool we open.
export const EMBEDDED_MAX_CONNECTIONS = 32;

// pglite-socket queues each protocol message on its own and only keeps a connection's
// messages together while a transaction is open (it asks db.isInTransaction()). An
// extended-protocol query is several messages (Parse, Bind, Describe, Execute, then
// Sync): another connection's Parse in between replaces the unnamed statement, and the
// first connection gets "portal does not exist" (electric-sql/pglite#1046). So we report
// "in a transaction" from the first message of such a batch until its Sync, which keeps
// the queue on that connection for the whole batch.
const BATCH_MESSAGES = new Set([0x50 /* P */, 0x42 /* B */, 0x44 /* D */, 0x45 /* E */, 0x43 /* C */, 0x48 /* H */]);

function keepProtocolBatchesTogether(db: PGlite): void {
  let midBatch = false;
  const exec = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = async (message, options) => {
    const type = message[0] ?? 0;
    try {
      return await exec(message, options);
    } finally {
      midBatch = BATCH_MESSAGES.has(type);
    }
  };
  const inTransaction = db.isInTransaction.bind(db);
  db.isInTransaction = () => midBatch || inTransaction();
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const socket = privateSocketDir(options.socketDir);
  const removeSocket = () => rmSync(socket.temporary ? socket.dir : path.join(socket.dir, SOCKET_FILE), { recursive: true, force: true });
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
    });
  } catch (error) {
    removeSocket();
    throw error;
  }
  keepProtocolBatchesTogether(db);
  const server = new PGLiteSocketServer({
    db,
    path: path.join(socket.dir, SOCKET_FILE),
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    removeSocket();
    throw error;
  }
  let stopped = false;
  return {
    url: socketUrl(socket.dir),
    socketDir: socket.dir,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.stop();
        await db.close();
      } finally {
        removeSocket();
      }
    },
  };
}
