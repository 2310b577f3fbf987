// For the benchmarks' plan shapes: a Prisma client that reports every statement it sends
// (Prisma's query events carry the SQL and its parameters), so a page's statements can be
// run again under EXPLAIN exactly as the page sends them. Timed runs use a plain client:
// logging costs time.
import { PrismaPg } from "@prisma/adapter-pg";
import type { Db } from "@/lib/db/prisma";
import { PrismaClient } from "@/lib/generated/prisma/client";

export interface Statement {
  text: string;
  values: unknown[];
}

export interface TracingClient {
  /** The statements `run` sends through the client it is given, in order. */
  statementsOf(run: (client: Db) => Promise<unknown>): Promise<Statement[]>;
  disconnect(): Promise<void>;
}

export function tracingClient(url: string): TracingClient {
  let captured: Statement[] | null = null;
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 1 }),
    log: [{ emit: "event", level: "query" }],
    omit: { staffUser: { passwordHash: true } },
  });
  client.$on("query", (e) => {
    captured?.push({ text: e.query, values: JSON.parse(e.params) as unknown[] });
  });
  // The data functions take the app's client type: the same client, with logging on.
  const traced = client as unknown as Db;
  return {
    async statementsOf(run) {
      captured = [];
      try {
        await run(traced);
        return captured;
      } finally {
        captured = null;
      }
    },
    disconnect: () => client.$disconnect(),
  };
}
