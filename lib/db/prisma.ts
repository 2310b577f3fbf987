// Building a Prisma client for a URL. The app's singleton lives in ./client.ts (which
// is server-only); scripts and tests build their own clients from here.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { trackPool, type PoolRole } from "@/lib/metrics/pools";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

export interface ClientOptions {
  /** Pool size. The embedded server accepts EMBEDDED_MAX_CONNECTIONS in all. */
  max?: number;
  /**
   * Send the statements marked with `planOnce` as named prepared statements, so that
   * PostgreSQL plans each once per connection instead of on every call. Only for a
   * PostgreSQL server: the embedded database serves every connection as one session, where
   * two connections preparing the same name collide ("prepared statement already exists").
   */
  preparedStatements?: boolean;
  /** Which database the pool reaches, for the pool metrics (default "primary"). */
  role?: PoolRole;
}

// SQL text of each marked statement -> its name. Bounded: only a few statements are
// marked, in a few variants each (the timeline's filters), and a runaway caller must not
// grow every connection's set of prepared statements without end. On globalThis because
// Next may bundle this module into several server chunks, and the client (one per
// process, ./client.ts) must see what every copy marked.
const globalForPlans = globalThis as unknown as { consolePlanOnce?: Map<string, string> };
const PLAN_ONCE = (globalForPlans.consolePlanOnce ??= new Map<string, string>());
const PLAN_ONCE_MAX = 256;

/**
 * Marks a statement whose planning costs more than running it (the account page's, which
 * reads a dozen tables and three times the partitioned login attempts: 2-10 ms to plan,
 * 1-2 ms to run). On a client made with `preparedStatements`, PostgreSQL then plans it
 * for the first few calls and afterwards reuses a generic plan (partitions pruned when
 * it runs). Returns the statement unchanged.
 */
export function planOnce(statement: Prisma.Sql): Prisma.Sql {
  if (!PLAN_ONCE.has(statement.text) && PLAN_ONCE.size < PLAN_ONCE_MAX) {
    PLAN_ONCE.set(statement.text, `plan_once_${createHash("sha256").update(statement.text).digest("hex").slice(0, 24)}`);
  }
  return statement;
}

export function createPrismaClient(url: string, options: ClientOptions = {}) {
  // Our own pool, so that the metrics can read how many connections are in use and how
  // many queries wait for one; the client still ends it when it disconnects.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  trackPool(options.role ?? "primary", pool);
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    // An empty name is pg's unnamed statement: planned on every call, as before.
    ...(options.preparedStatements ? { statementNameGenerator: (query: { sql: string }) => PLAN_ONCE.get(query.sql) ?? "" } : {}),
  });
  // Secrets never leave the data layer by accident: a query that really needs the
  // password hash asks for it with `omit: { passwordHash: false }`.
  // A transaction waits up to 10 s for a connection rather than Prisma's 2 s: the embedded
  // database runs one transaction at a time, so under a burst (twenty agents sending at
  // once, or a busy machine) an action queued behind others failed with "Unable to start
  // a transaction in the given time" where waiting a little longer succeeds.
  return new PrismaClient({ adapter, omit: { staffUser: { passwordHash: true } }, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client inside `$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
