// The console behind PgBouncer in transaction pooling mode (docs/operations.md,
// "Connection pooler"): each transaction may run on a different server connection, so
// nothing may outlive a transaction on one. A private pgbouncer with a pool of two server
// connections (lib/testing/pgbouncer.ts) in front of this file's database, so that eight
// client connections are sure to be served by both. Runs in the PostgreSQL pass of the
// suite and is skipped, saying what is missing, where pgbouncer is not installed:
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx vitest run lib/db/pooler.int.test.ts
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAccountFacts } from "@/lib/data/accounts/load-account-facts";
import { Prisma } from "@/lib/generated/prisma/client";
import { findPgBouncer, startPgBouncer, supportsPreparedStatements, type PgBouncer } from "@/lib/testing/pgbouncer";
import { seedAccount } from "@/prisma/seed/factories";
import { getDb } from "./client";
import { createPrismaClient, planOnce, type Db } from "./prisma";
import { createTestDatabase, type TestDatabase } from "./test-database";

const found = findPgBouncer();
const skipped = !process.env.TEST_DATABASE_URL
  ? "runs with TEST_DATABASE_URL set (the PostgreSQL run of the integration suite)"
  : found.ok
    ? null
    : found.missing;
const olderThan121 = found.ok && !supportsPreparedStatements(found.binary);

describe.skipIf(skipped !== null)(`the console through PgBouncer in transaction mode${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  let t: TestDatabase;
  let bouncer: PgBouncer;
  let pooledUrl: string;
  let accountId: number;
  const clients: Db[] = [];
  const client = (options: Parameters<typeof createPrismaClient>[1]) => {
    const db = createPrismaClient(pooledUrl, options);
    clients.push(db);
    return db;
  };
  const now = new Date();

  beforeAll(async () => {
    t = await createTestDatabase();
    if (!found.ok) throw new Error(found.missing);
    bouncer = await startPgBouncer(found.binary, t.directUrl, { poolSize: 2 });
    pooledUrl = bouncer.url(t.directUrl);
    accountId = (await seedAccount(t.db, { scenario: "credentials_changed", now, historyMonths: 2 })).accountId!;
  });

  afterAll(async () => {
    await Promise.all(clients.map((db) => db.$disconnect()));
    await bouncer?.stop();
    await t?.drop();
  });

  /** Eight connections, each running `statement` a few times, interleaved. */
  const hammer = <T>(run: () => Promise<T>) => Promise.all(Array.from({ length: 24 }, () => run()));

  it("the app's client, set up as docs/operations.md says for this PgBouncer, runs the account page's planned-once statement from every connection", async () => {
    const saved = { ...process.env };
    try {
      process.env.DATABASE_URL = pooledUrl;
      process.env.CONSOLE_DATABASE_MODE = "server";
      process.env.DATABASE_PREPARED_STATEMENTS = bouncer.preparedStatements ? "on" : "off";
      const db = getDb();
      clients.push(db);
      for (let round = 0; round < 3; round++) {
        const facts = await hammer(() => loadAccountFacts(db, accountId, now));
        expect(facts.every((f) => f?.subject.account.id === accountId)).toBe(true);
      }
    } finally {
      process.env = saved;
    }
  });

  // Why the setting exists: pg prepares a named statement once per client connection, and
  // the pooler then hands that connection's next transaction to a server connection that
  // never saw it.
  it.skipIf(!olderThan121)("(PgBouncer < 1.21) named prepared statements left on fail there", async () => {
    const db = client({ max: 8, preparedStatements: true });
    const statement = () => db.$queryRaw(planOnce(Prisma.sql`SELECT id FROM accounts WHERE id = ${accountId}::int4`));
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => hammer(statement)));
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatch(/prepared statement/);
  });

  it("transaction-scoped advisory locks (the outbox's, sign-in's, the chain's) hold for the transaction and are gone after it", async () => {
    const db = client({ max: 4 });
    const key = 424242;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${key}::int8)::text`;
      locked();
      await released;
    });
    await isLocked;
    const whileHeld = await db.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(${key}::int8) AS got`;
    release();
    await holder;
    const afterwards = await db.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(${key}::int8) AS got`;
    expect([whileHeld[0]?.got, afterwards[0]?.got]).toEqual([false, true]);
  });

  it("search's set_config(…, true) ends with its statement; a plain SET would be left on the server connection for the next client", async () => {
    const db = client({ max: 4 });
    // work_mem rather than search's pg_trgm thresholds: the same mechanism, on a setting
    // that exists before the extension's library is loaded.
    const threshold = async () => (await db.$queryRaw<{ v: string }[]>`SELECT current_setting('work_mem') AS v`)[0]?.v;
    const before = await threshold();
    // Both server connections get the local setting in turn; neither keeps it.
    await hammer(() => db.$queryRaw`SELECT set_config('work_mem', '7MB', true)`);
    const seen = new Set(await Promise.all(Array.from({ length: 8 }, threshold)));
    expect([...seen]).toEqual([before]);
    // The console never does this (docs/operations.md): with transaction pooling it leaks.
    await hammer(() => db.$executeRawUnsafe("SET work_mem = '7MB'"));
    expect(new Set(await Promise.all(Array.from({ length: 8 }, threshold)))).toContain("7MB");
  });
});
