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
  return new PrismaClient({ adapter, omit: { staffUser: { passwordHash: true } } });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client inside `$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
