import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  /** A postgres:// URL any `pg` client (and so Prisma's adapter-pg) can use. */
  url: string;
  port: number;
  db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A data folder; omit for an in-memory database (tests, shadow databases). */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
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
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: { pg_trgm },
  });
  keepProtocolBatchesTogether(db);
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(":") + 1));
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
