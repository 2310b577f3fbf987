import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { verifyAuditChain, type ChainLink, type VerifyChainOptions, type VerifyChainResult } from "./verify-chain";
import { writeAudit, type AuditInput } from "./write-audit";

const onServer = Boolean(process.env.TEST_DATABASE_URL);

// Two databases, so that a broken chain in one group of cases cannot fail the other:
// `app` for writing (each case checks the entries it added, from the head it started
// at), `tampered` for the cases that break a trail on purpose (each rolled back).
interface Trail {
  t: TestDatabase;
  /** The owner's (here: a superuser's) own session, for reading and tampering. */
  owner: pg.Client;
}

async function openTrail(): Promise<Trail> {
  const t = await createTestDatabase();
  const owner = new pg.Client({ connectionString: t.url });
  await owner.connect();
  return { t, owner };
}

async function closeTrail(trail: Trail | undefined): Promise<void> {
  await trail?.owner.end();
  await trail?.t.drop();
}

const entry = (n: number, extra: Partial<AuditInput> = {}): AuditInput => ({
  actor: { id: null, email: `agent${n}@example.test` },
  action: "account.view",
  outcome: "DONE",
  ...extra,
});

async function ids(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>("SELECT a.id::text AS id FROM audit_entries a ORDER BY a.id");
  return rows.map((r) => r.id);
}

async function head(client: pg.Client): Promise<ChainLink | undefined> {
  const { rows } = await client.query<ChainLink>("SELECT a.id::text AS id, a.hash FROM audit_entries a ORDER BY a.id DESC LIMIT 1");
  return rows[0];
}

/** Checks the entries added since `start` (the head before a case) and their link to it. */
function verifySince(client: pg.Client, start: ChainLink | undefined, options: VerifyChainOptions = {}) {
  return verifyAuditChain(client, { ...(start ? { from: start } : {}), ...options });
}

function expectIntact(result: VerifyChainResult, count?: number) {
  expect(result.ok ? "intact" : `${result.broken.problem} at ${result.broken.id}: ${result.broken.message}`).toBe("intact");
  if (result.ok && count !== undefined) expect(result.count).toBe(count);
}

let app: Trail;
let accountId: number;
beforeAll(async () => {
  app = await openTrail();
  const account = await app.t.db.account.create({
    data: { username: "chain", usernameLower: "chain", email: "chain@example.test", emailLower: "chain@example.test" },
  });
  accountId = account.id;
});
afterAll(async () => {
  await closeTrail(app);
});

describe("the audit hash chain, written by the app's writeAudit", () => {
  it("rebuilds outside the database for awkward values (NULL vs empty, separators, multi-byte text, JSON)", async () => {
    const awkward: AuditInput[] = [
      entry(1),
      entry(2, { ticketRef: "", reason: "", code: null, ip: "" }),
      entry(3, { reason: "3:abc-", ticketRef: "-", userAgent: "1:" }),
      entry(4, { actor: { id: null, email: "zoë@例え.jp" }, reason: "emoji 🔑 and\nnew line\ttab \\ backslash 'quote\"", userAgent: "Mozilla/5.0 (ünïcode)" }),
      entry(5, { detail: { b: 1, a: 'ü\n"x"', nested: { list: [1, 2.5, null, true, "🔑"], empty: {} }, n: 1.5 } }),
      entry(6, { detail: [] }),
      entry(7, { detail: "a string", targetAccountId: accountId, outcome: "REFUSED", code: "RATE_LIMITED" }),
    ];
    for (const e of awkward) await writeAudit(app.t.db, e);
    // The whole trail: this is the first case.
    const result = await verifyAuditChain(app.owner);
    expectIntact(result, awkward.length);
    expect(result.ok && result.head).toEqual(await head(app.owner));
  });

  it("stays one chain, in id order, under 50 concurrent writers on a pool of 8 connections", async () => {
    const pool = createPrismaClient(app.t.url, { max: 8 });
    try {
      const start = await head(app.owner);
      await Promise.all([
        ...Array.from({ length: 50 }, (_, i) => writeAudit(pool, entry(100 + i, { reason: `parallel ${i}` }))),
        // Transactions that hold the chain between two entries, as an action does.
        ...Array.from({ length: 10 }, (_, i) =>
          pool.$transaction(async (tx) => {
            await writeAudit(tx, entry(200 + i, { reason: `tx ${i} first` }));
            await new Promise((resolve) => setTimeout(resolve, 5));
            await writeAudit(tx, entry(200 + i, { reason: `tx ${i} second` }));
          }),
        ),
      ]);
      expectIntact(await verifySince(app.owner, start, { batchSize: 7 }), 70);
    } finally {
      await pool.$disconnect();
    }
  });

  it("overwrites whatever the app sends for id, prev_hash and hash", async () => {
    const start = await head(app.owner);
    const forged = await app.t.db.auditEntry.create({
      data: { id: 1n, actorEmail: "x@example.test", action: "account.view", outcome: "DONE", prevHash: "0".repeat(64), hash: "f".repeat(64) },
    });
    expect(forged.id).not.toBe(1n);
    expect(forged.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(forged.hash).not.toBe("f".repeat(64));
    expect(forged.prevHash).toBe(start?.hash);
    expectIntact(await verifySince(app.owner, start), 1);
  });

  it("chains a multi-row INSERT … SELECT (one statement, many entries)", async () => {
    const start = await head(app.owner);
    await app.owner.query(
      `INSERT INTO audit_entries (actor_email, action, outcome, detail)
       SELECT 'bulk' || g || '@example.test', 'account.view', 'DONE', jsonb_build_object('n', g) FROM generate_series(1, 2000) g`,
    );
    expectIntact(await verifySince(app.owner, start, { batchSize: 500 }), 2000);
  });

  it("still chains, and still refuses a delete, under session_replication_role = replica", async () => {
    const { owner } = app;
    const start = await head(owner);
    await owner.query("BEGIN");
    try {
      await owner.query("SET LOCAL session_replication_role = replica");
      await expect(owner.query("DELETE FROM audit_entries")).rejects.toThrow(/append-only/);
    } finally {
      await owner.query("ROLLBACK");
    }
    await owner.query("BEGIN");
    await owner.query("SET LOCAL session_replication_role = replica");
    await owner.query("INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('replica@example.test', 'account.view', 'DONE')");
    await owner.query("COMMIT");
    expectIntact(await verifySince(owner, start), 1);
  });

  it("links to the real trail even when the session has a temporary table named audit_entries", async () => {
    const { owner } = app;
    const start = await head(owner);
    await owner.query("CREATE TEMPORARY TABLE audit_entries (id bigint, hash text)");
    try {
      await owner.query("INSERT INTO audit_entries VALUES (9223372036854775807, 'forged')");
      await owner.query("INSERT INTO public.audit_entries (actor_email, action, outcome) VALUES ('temp@example.test', 'account.view', 'DONE')");
    } finally {
      await owner.query("DROP TABLE pg_temp.audit_entries");
    }
    expectIntact(await verifySince(owner, start), 1);
  });
});

describe("tampering behind the app's back (as the owner, with the append-only trigger disabled)", () => {
  let tampered: Trail;
  let owner: pg.Client;
  beforeAll(async () => {
    tampered = await openTrail();
    owner = tampered.owner;
    for (let i = 0; i < 30; i++) {
      await writeAudit(tampered.t.db, entry(i, { reason: i % 3 ? `reason ${i}` : null, detail: { i, tags: ["a", "ü"] } }));
    }
  });
  afterAll(async () => {
    await closeTrail(tampered);
  });

  /** Runs the statements and the verifier in one transaction, then rolls back, so each case starts from the intact trail. */
  async function afterTampering(statements: (ids: string[]) => string[], options: VerifyChainOptions = {}) {
    const all = await ids(owner);
    await owner.query("BEGIN");
    try {
      await owner.query("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_or_delete");
      for (const sql of statements(all)) await owner.query(sql);
      return await verifyAuditChain(owner, { batchSize: 7, ...options });
    } finally {
      await owner.query("ROLLBACK");
    }
  }
  const middle = (all: string[]) => all[Math.floor(all.length / 2)] ?? "";
  const next = (all: string[], id: string) => all[all.indexOf(id) + 1] ?? "";

  it("names an edited entry (hash mismatch)", async () => {
    const all = await ids(owner);
    const result = await afterTampering(() => [`UPDATE audit_entries SET reason = 'nothing to see' WHERE id = ${middle(all)}`]);
    expect(result).toMatchObject({ ok: false, broken: { id: middle(all), problem: "hash_mismatch" } });
    expect(result.ok || result.count).toBe(all.indexOf(middle(all)));
  });

  it("names the entry after one deleted from the middle (prev_hash mismatch)", async () => {
    const all = await ids(owner);
    const result = await afterTampering(() => [`DELETE FROM audit_entries WHERE id = ${middle(all)}`]);
    expect(result).toMatchObject({ ok: false, broken: { id: next(all, middle(all)), problem: "prev_hash_mismatch" } });
  });

  it("names an entry whose hash was overwritten", async () => {
    const all = await ids(owner);
    const result = await afterTampering(() => [`UPDATE audit_entries SET hash = repeat('0', 64) WHERE id = ${middle(all)}`]);
    expect(result).toMatchObject({ ok: false, broken: { id: middle(all), problem: "hash_mismatch" } });
  });

  it("names the entry after an edited one whose hash was recomputed to match", async () => {
    const all = await ids(owner);
    const id = middle(all);
    const result = await afterTampering(() => [
      `UPDATE audit_entries SET outcome = 'REFUSED' WHERE id = ${id}`,
      `UPDATE audit_entries a SET hash = audit_entry_hash(a.prev_hash, a) WHERE id = ${id}`,
    ]);
    expect(result).toMatchObject({ ok: false, broken: { id: next(all, id), problem: "prev_hash_mismatch" } });
  });

  it("names an entry dated before the entry ahead of it (backdated by a role that may still choose the time)", async () => {
    const all = await ids(owner);
    const result = await afterTampering(() => [
      `INSERT INTO audit_entries (actor_email, action, outcome, created_at) VALUES ('late@example.test', 'account.view', 'DONE', now() - interval '3 days')`,
    ]);
    expect(result).toMatchObject({ ok: false, broken: { problem: "time_went_backwards" } });
    expect(result.ok || BigInt(result.broken.id) > BigInt(all.at(-1) ?? "0")).toBe(true);
    expect(result.ok || result.count).toBe(all.length);
  });

  it("names an entry written while the chain trigger was off (missing hash)", async () => {
    const result = await afterTampering(() => [
      "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_chain",
      "INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('ghost@example.test', 'account.view', 'DONE')",
    ]);
    const { rows } = await owner.query<{ id: string }>("SELECT last_value::text AS id FROM audit_entries_id_seq");
    expect(result).toMatchObject({ ok: false, broken: { id: rows[0]?.id, problem: "missing_hash" } });
  });

  it("names the new first entry when the oldest were deleted", async () => {
    const all = await ids(owner);
    const result = await afterTampering(() => [`DELETE FROM audit_entries WHERE id IN (${all.slice(0, 3).join(",")})`]);
    expect(result).toMatchObject({ ok: false, broken: { id: all[3], problem: "prev_hash_mismatch" } });
  });

  it("cannot see the newest entries cut off, unless the head was recorded (anchor)", async () => {
    const all = await ids(owner);
    const intact = await verifyAuditChain(owner);
    if (!intact.ok || !intact.head) throw new Error("the trail should be intact");
    const cut = () => [`DELETE FROM audit_entries WHERE id IN (${all.slice(-3).join(",")})`];
    expectIntact(await afterTampering(cut));
    const anchored = await afterTampering(cut, { anchor: intact.head });
    expect(anchored).toMatchObject({ ok: false, broken: { id: intact.head.id, problem: "anchor_mismatch" } });
  });

  it("cannot see a tail rebuilt after an edit, unless the head was recorded (anchor)", async () => {
    const all = await ids(owner);
    const intact = await verifyAuditChain(owner);
    if (!intact.ok || !intact.head) throw new Error("the trail should be intact");
    const from = all.indexOf(middle(all));
    const rebuild = () => [
      `UPDATE audit_entries SET reason = 'rewritten' WHERE id = ${middle(all)}`,
      // Re-link every later entry, one at a time in id order, as a careful forger would.
      `DO $$ DECLARE e audit_entries; prior text := (SELECT hash FROM audit_entries WHERE id = ${all[from - 1]}); BEGIN
         FOR e IN SELECT * FROM audit_entries WHERE id >= ${middle(all)} ORDER BY id LOOP
           UPDATE audit_entries a SET prev_hash = prior, hash = audit_entry_hash(prior, a) WHERE a.id = e.id RETURNING a.hash INTO prior;
         END LOOP; END $$`,
    ];
    expectIntact(await afterTampering(rebuild));
    expect(await afterTampering(rebuild, { anchor: intact.head })).toMatchObject({
      ok: false,
      broken: { id: intact.head.id, problem: "anchor_mismatch" },
    });
  });

  it("checks from a recorded entry only if that entry still carries its recorded hash", async () => {
    const all = await ids(owner);
    const id = middle(all);
    const { rows } = await owner.query<ChainLink>("SELECT id::text AS id, hash FROM audit_entries WHERE id = $1", [id]);
    const recorded = rows[0];
    if (!recorded) throw new Error("no middle entry");
    expectIntact(await verifyAuditChain(owner, { from: recorded }), all.length - all.indexOf(id) - 1);
    const result = await afterTampering(() => [`UPDATE audit_entries SET hash = repeat('0', 64) WHERE id = ${id}`], { from: recorded });
    expect(result).toMatchObject({ ok: false, broken: { id, problem: "anchor_mismatch" } });
  });

  it("passes again once the tampering is rolled back (each case above started from an intact trail)", async () => {
    expectIntact(await verifyAuditChain(owner));
  });
});

// PGlite runs one transaction at a time (the socket server queues the rest), so writers
// can never overlap there; these cases need the PostgreSQL server.
describe.skipIf(!onServer)("concurrent writers on a PostgreSQL server (skipped on PGlite: it runs one transaction at a time)", () => {
  async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
    // Straight to PostgreSQL even in the PgBouncer pass: these cases watch one backend
    // (pg_backend_pid) wait for another, and through a transaction pooler a client's next
    // statement may run on a different backend. The locking itself is PostgreSQL's.
    const client = new pg.Client({ connectionString: app.t.directUrl });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  }

  /** Resolves once `pid` waits for a lock, or `done` settles first. */
  async function waitUntilBlocked(pid: number, done: Promise<unknown>): Promise<"blocked" | "finished"> {
    let finished = false;
    void done.then(
      () => (finished = true),
      () => (finished = true),
    );
    for (let i = 0; i < 500; i++) {
      if (finished) return "finished";
      const { rows } = await app.owner.query<{ w: string | null }>("SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1", [pid]);
      if (rows[0]?.w === "Lock") return "blocked";
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("the second writer neither blocked nor finished");
  }

  it("makes a second writer wait for the first one's commit instead of forking the chain", async () => {
    const start = await head(app.owner);
    await withClient(async (first) =>
      withClient(async (second) => {
        const { rows } = await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await first.query("BEGIN");
        await first.query("INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('first@example.test', 'account.view', 'DONE')");
        const secondInsert = second.query("INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('second@example.test', 'account.view', 'DONE')");
        expect(await waitUntilBlocked(rows[0]?.pid ?? -1, secondInsert)).toBe("blocked");
        await first.query("COMMIT");
        await secondInsert;
      }),
    );
    expectIntact(await verifySince(app.owner, start), 2);
  });

  it("dates an entry when it joins the chain, not when its transaction began, so times never go backwards", async () => {
    const start = await head(app.owner);
    await withClient(async (early) => {
      await early.query("BEGIN");
      await early.query("SELECT now()");
      // Another writer commits while the early transaction is open.
      await app.owner.query("INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('meanwhile@example.test', 'account.view', 'DONE')");
      await early.query("INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('began-early@example.test', 'account.view', 'DONE')");
      await early.query("COMMIT");
    });
    const { rows } = await app.owner.query<{ email: string; ms: string }>(
      `SELECT actor_email AS email, (EXTRACT(EPOCH FROM created_at) * 1000)::bigint::text AS ms FROM audit_entries WHERE id > $1::bigint ORDER BY id`,
      [start?.id ?? "0"],
    );
    expect(rows.map((r) => r.email)).toEqual(["meanwhile@example.test", "began-early@example.test"]);
    expect(BigInt(rows[1]?.ms ?? "0")).toBeGreaterThanOrEqual(BigInt(rows[0]?.ms ?? "0"));
    expectIntact(await verifySince(app.owner, start), 2);
  });

  it("numbers entries in chain order even when a waiting writer drew its id first", async () => {
    const start = await head(app.owner);
    await withClient(async (first) =>
      withClient(async (second) => {
        const { rows } = await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        // The first writer holds the chain before it inserts, so the second draws its id
        // from the sequence (the column default) and then waits.
        await first.query("BEGIN");
        await first.query("SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE");
        const secondInsert = second.query<{ id: string }>(
          "INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('drew-first@example.test', 'account.view', 'DONE') RETURNING id::text AS id",
        );
        expect(await waitUntilBlocked(rows[0]?.pid ?? -1, secondInsert)).toBe("blocked");
        const firstInsert = await first.query<{ id: string }>(
          "INSERT INTO audit_entries (actor_email, action, outcome) VALUES ('linked-first@example.test', 'account.view', 'DONE') RETURNING id::text AS id",
        );
        await first.query("COMMIT");
        const secondId = (await secondInsert).rows[0]?.id ?? "0";
        expect(BigInt(secondId)).toBeGreaterThan(BigInt(firstInsert.rows[0]?.id ?? "0"));
      }),
    );
    expectIntact(await verifySince(app.owner, start), 2);
  });
});
