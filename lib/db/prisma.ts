// Building a Prisma client for a URL. The app's singleton lives in ./client.ts (which
// is server-only); scripts and tests build their own clients from here.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export interface ClientOptions {
  /** Pool size. The embedded server accepts EMBEDDED_MAX_CONNECTIONS in all. */
  max?: number;
}

export function createPrismaClient(url: string, options: ClientOptions = {}) {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
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
