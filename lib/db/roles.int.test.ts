// The app role made by `npm run db:roles`, seen from the app's side: its normal work
// goes through, and nothing it can send empties, edits or unhooks the audit trail.
// Roles are cluster-wide, so each run makes a uniquely named one and drops it after.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { writeAudit } from "@/lib/audit/write-audit";
import { createPrismaClient, type Db } from "./prisma";
import { AppRoleError, ensureAppRole, scramVerifier } from "./roles";
import { createTestDatabase, type TestDatabase } from "./test-database";

const serverUrl = process.env.TEST_DATABASE_URL;

// PGlite serves every connection from one superuser session: there is no second role
// to restrict there, and the hash chain (verify-chain.int.test.ts) is the protection.
describe.skipIf(!serverUrl)("the app role from db:roles (PostgreSQL server only: PGlite has a single superuser session)", () => {
  const role = `console_app_test_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  let t: TestDatabase;
  let app: pg.Client;
  let appDb: Db;
  let appUrl: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const result = await ensureAppRole(t.url, { role, password });
    expect(result).toMatchObject({ role, created: true, generatedPassword: null, schema: "public" });
    const url = new URL(t.url);
    url.username = role;
    url.password = password;
    appUrl = url.toString();
    app = new pg.Client({ connectionString: appUrl });
    await app.connect();
    appDb = createPrismaClient(appUrl, { max: 4 });
  });

  afterAll(async () => {
    await app?.end().catch(() => undefined);
    await appDb?.$disconnect();
    await t?.drop();
    // The database took the role's grants and default privileges with it.
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
    } finally {
      await admin.end();
    }
  });

  it("is a plain login role that owns nothing and belongs to no role", async () => {
    const { rows } = await app.query<Record<string, boolean | string>>(
      `SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin,
              EXISTS (SELECT 1 FROM pg_class WHERE relowner = r.oid) AS owns,
              EXISTS (SELECT 1 FROM pg_auth_members WHERE member = r.oid) AS member
         FROM pg_roles r WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      name: role,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      rolcanlogin: true,
      owns: false,
      member: false,
    });
  });

  it("does the app's normal work: audit entries through writeAudit, reads and writes on other tables, the migration check", async () => {
    await writeAudit(appDb, { actor: { id: null, email: "app@example.test" }, action: "account.view", outcome: "DONE", detail: { as: "app" } });
    const account = await appDb.account.create({
      data: { username: "role-test", usernameLower: "role-test", email: "r@example.test", emailLower: "r@example.test" },
    });
    await appDb.account.update({ where: { id: account.id }, data: { email: "r2@example.test", emailLower: "r2@example.test" } });
    await appDb.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${account.id}::int4 FOR UPDATE`;
      await writeAudit(tx, { actor: { id: null, email: "app@example.test" }, action: "account.reactivate", outcome: "DONE", targetAccountId: account.id });
    });
    const staff = await appDb.staffUser.create({ data: { email: "role-staff@example.test", name: "Role" } });
    await appDb.revokedStaffSession.create({ data: { sid: "s1", staffId: staff.id } });
    await appDb.revokedStaffSession.delete({ where: { sid: "s1" } });
    const migrations = await app.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    expect(migrations.rows.length).toBeGreaterThan(0);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true, count: 2 });
  });

  // Each statement, with the error PostgreSQL gives the app role. The append-only
  // trigger also refuses (with "append-only"), so the messages prove that privileges,
  // not the trigger, stopped them.
  const refused: [string, string, RegExp][] = [
    ["DELETE every entry", "DELETE FROM audit_entries", /permission denied for table audit_entries/],
    ["UPDATE an entry", "UPDATE audit_entries SET reason = 'edited'", /permission denied for table audit_entries/],
    ["TRUNCATE the trail", "TRUNCATE audit_entries", /permission denied for table audit_entries/],
    ["skip triggers with session_replication_role", "SET session_replication_role = replica", /permission denied to set parameter/],
    ["skip them for one transaction", "SET LOCAL session_replication_role = replica", /permission denied to set parameter/],
    ["disable every trigger", "ALTER TABLE audit_entries DISABLE TRIGGER ALL", /must be owner of table audit_entries/],
    ["disable the append-only trigger", "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_or_delete", /must be owner/],
    ["drop the append-only trigger", "DROP TRIGGER audit_entries_no_update_or_delete ON audit_entries", /must be owner/],
    ["drop the chain trigger", "DROP TRIGGER audit_entries_chain ON audit_entries", /must be owner/],
    [
      "replace the chain function",
      "CREATE OR REPLACE FUNCTION audit_entries_chain() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
      /must be owner|permission denied/,
    ],
    ["drop the table", "DROP TABLE audit_entries", /must be owner/],
    [
      "add a trigger of its own",
      "CREATE TRIGGER x BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_chain()",
      /permission denied|must be owner/,
    ],
    ["rewind the entries' sequence", "SELECT setval('audit_entries_id_seq', 1)", /permission denied for sequence audit_entries_id_seq/],
    ["lock the trail against writers", "LOCK TABLE audit_entries IN ACCESS EXCLUSIVE MODE", /permission denied for table audit_entries/],
    ["rewrite the migration history", "DELETE FROM _prisma_migrations", /permission denied for table _prisma_migrations/],
    ["move the audit chain's head", "UPDATE audit_chain_head SET last_xid = 0", /permission denied for table audit_chain_head/],
    ["hold the audit chain's head", "SELECT 1 FROM audit_chain_head FOR UPDATE", /permission denied for table audit_chain_head/],
    ["create objects in the schema", "CREATE FUNCTION public.sha256(bytea) RETURNS bytea LANGUAGE sql AS 'SELECT $1'", /permission denied for schema public/],
  ];
  it.each(refused)("refuses to %s", async (_what, sql, error) => {
    await app.query("BEGIN");
    try {
      await expect(app.query(sql)).rejects.toThrow(error);
    } finally {
      await app.query("ROLLBACK");
    }
  });

  it("runs login_attempts partition upkeep, and reads and writes the partitions it creates later, while owning none of them", async () => {
    // A month far ahead that no partition covers yet, so upkeep must create it.
    const { rows } = await app.query<{ created: string[]; dropped: string[] }>(
      `SELECT created_partitions AS created, dropped_partitions AS dropped FROM login_attempts_maintain('2032-05-10T00:00:00Z', 0, 36500)`,
    );
    expect(rows[0]).toEqual({ created: ["login_attempts_p203205"], dropped: [] });
    await app.query(`INSERT INTO login_attempts (channel, outcome, ip, occurred_at) VALUES ('WEB', 'SUCCESS', '192.0.2.7', '2032-05-11T00:00:00Z')`);
    // Directly on the partition too (a DBA's query, the benchmarks): default privileges cover it.
    const direct = await app.query<{ n: string }>(`SELECT count(*)::text AS n FROM login_attempts_p203205`);
    expect(direct.rows[0]?.n).toBe("1");
    const owner = await app.query<{ owns: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)) AS owns`,
    );
    expect(owner.rows[0]?.owns).toBe(false);
    // Only the owner and the roles it grants may run the SECURITY DEFINER functions.
    const acl = await app.query<{ fn: string; public: boolean }>(
      `SELECT p.proname::text AS fn, EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS public
         FROM pg_proc p WHERE p.proname IN ('login_attempts_maintain', 'login_attempts_create_partitions') ORDER BY 1`,
    );
    expect(acl.rows).toEqual([
      { fn: "login_attempts_create_partitions", public: false },
      { fn: "login_attempts_maintain", public: false },
    ]);
    await expect(app.query(`SELECT login_attempts_create_partitions(now(), now())`)).rejects.toThrow(/permission denied/);
  });

  /** A second connection as the app role, closed after `run`. */
  async function asApp<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  }
  const insertEntry = (client: pg.Client, email: string) =>
    client.query("INSERT INTO audit_entries (actor_email, action, outcome) VALUES ($1, 'account.view', 'DONE')", [email]);

  it("cannot fork the audit chain from a REPEATABLE READ transaction: the stale writer fails, the chain stays verifiable", async () => {
    await asApp(async (stale) => {
      await stale.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      // The snapshot is taken here, before another writer moves the head.
      await stale.query("SELECT count(*) FROM audit_entries");
      await insertEntry(app, "moved-the-head@example.test");
      await expect(insertEntry(stale, "stale-snapshot@example.test")).rejects.toMatchObject({ code: "40001" });
      await stale.query("ROLLBACK");
    });
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
  });

  it("keeps one verifiable chain under 12 concurrent REPEATABLE READ and SERIALIZABLE writers (those that lose retry)", async () => {
    const before = (await app.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entries")).rows[0]?.n ?? 0;
    const writer = (i: number) =>
      asApp(async (client) => {
        for (let attempt = 0; attempt < 50; attempt++) {
          await client.query(`BEGIN ISOLATION LEVEL ${i % 2 ? "REPEATABLE READ" : "SERIALIZABLE"}`);
          try {
            await client.query("SELECT count(*) FROM audit_entries");
            await insertEntry(client, `rr-${i}-a@example.test`);
            await insertEntry(client, `rr-${i}-b@example.test`);
            await client.query("COMMIT");
            return;
          } catch (error) {
            await client.query("ROLLBACK");
            if ((error as { code?: string }).code !== "40001") throw error;
          }
        }
        throw new Error(`writer ${i} never committed`);
      });
    await Promise.all(Array.from({ length: 12 }, (_, i) => writer(i)));
    expect((await app.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entries")).rows[0]?.n).toBe(before + 24);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
  });

  it("cannot backdate an entry: the database sets created_at, and audit:verify stays intact", async () => {
    const { rows } = await app.query<{ createdAt: Date; now: Date }>(
      `INSERT INTO audit_entries (actor_email, action, outcome, created_at) VALUES ('backdate@example.test', 'account.view', 'DONE', '2020-01-01T00:00:00Z')
       RETURNING created_at AS "createdAt", now() AS now`,
    );
    expect(rows[0]?.createdAt.getTime()).toBeGreaterThanOrEqual((rows[0]?.now.getTime() ?? 0) - 1);
    expect(rows[0]?.createdAt.getUTCFullYear()).not.toBe(2020);
    // Nor in the same statement as a correctly timed one, nor in the future.
    await app.query(
      `INSERT INTO audit_entries (actor_email, action, outcome, created_at) VALUES
         ('future@example.test', 'account.view', 'DONE', now() + interval '1 day'), ('past@example.test', 'account.view', 'DONE', now() - interval '1 day')`,
    );
    const times = await app.query<{ email: string; ok: boolean }>(
      `SELECT actor_email AS email, created_at BETWEEN now() - interval '1 minute' AND clock_timestamp() AS ok FROM audit_entries
        WHERE actor_email IN ('future@example.test', 'past@example.test') ORDER BY id`,
    );
    expect(times.rows).toEqual([
      { email: "future@example.test", ok: true },
      { email: "past@example.test", ok: true },
    ]);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
  });

  it("cannot grant itself more (PostgreSQL only warns) and still cannot delete", async () => {
    await app.query("GRANT DELETE, UPDATE, TRUNCATE ON audit_entries TO CURRENT_USER");
    const { rows } = await app.query<{ can: boolean }>("SELECT has_table_privilege('audit_entries', 'DELETE') AS can");
    expect(rows[0]?.can).toBe(false);
    await expect(app.query("DELETE FROM audit_entries")).rejects.toThrow(/permission denied for table audit_entries/);
  });

  it("leaves the trail intact after all of that", async () => {
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
  });

  it("is idempotent, narrows privileges granted by hand, and gives tables created later the same read/write", async () => {
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query(`GRANT ALL ON audit_entries TO ${pg.escapeIdentifier(role)}`);
      // A table a later migration creates, as the owner.
      await admin.query("CREATE TABLE later_table (id serial PRIMARY KEY, note text)");
      const again = await ensureAppRole(t.url, { role });
      expect(again).toMatchObject({ created: false, generatedPassword: null });
      const { rows } = await admin.query<{ table: string; privileges: string }>(
        `SELECT t AS table, string_agg(p, ',' ORDER BY p) AS privileges
           FROM unnest(ARRAY['audit_entries', '_prisma_migrations', 'accounts', 'later_table']) t,
                unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES']) p
          WHERE has_table_privilege($1, t, p) GROUP BY t ORDER BY t`,
        [role],
      );
      expect(rows).toEqual([
        { table: "_prisma_migrations", privileges: "SELECT" },
        { table: "accounts", privileges: "DELETE,INSERT,SELECT,UPDATE" },
        { table: "audit_entries", privileges: "INSERT,SELECT" },
        { table: "later_table", privileges: "DELETE,INSERT,SELECT,UPDATE" },
      ]);
      await app.query("INSERT INTO later_table (note) VALUES ('new tables work at once')");
    } finally {
      await admin.query("DROP TABLE IF EXISTS later_table");
      await admin.end();
    }
  });

  it("refuses to make the owner, or a member of the owner, the app role", async () => {
    const owner = new URL(t.url).username;
    await expect(ensureAppRole(t.url, { role: owner })).rejects.toThrow(AppRoleError);
    const member = `${role}_m`;
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${member} LOGIN`);
      await admin.query(`GRANT ${pg.escapeIdentifier(owner)} TO ${member}`);
      await expect(ensureAppRole(t.url, { role: member })).rejects.toThrow(/is a member of/);
    } finally {
      // Whatever a faulty run granted it goes too, or the role would outlive the test.
      await admin.query(`DROP OWNED BY ${member}`);
      await admin.query(`DROP ROLE IF EXISTS ${member}`);
      await admin.end();
    }
  });

  it("hands PostgreSQL the SCRAM verifier it would have made itself, never the password", async () => {
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ verifier: string }>("SELECT rolpassword AS verifier FROM pg_authid WHERE rolname = $1", [role]);
      expect(rows[0]?.verifier).toMatch(/^SCRAM-SHA-256\$4096:/);
      // The server accepts trust logins here, so compare with its own hashing of the
      // same password and salt instead.
      await admin.query("SET password_encryption = 'scram-sha-256'");
      await admin.query(`ALTER ROLE ${pg.escapeIdentifier(role)} PASSWORD ${pg.escapeLiteral(password)}`);
      const serverMade =
        (await admin.query<{ verifier: string }>("SELECT rolpassword AS verifier FROM pg_authid WHERE rolname = $1", [role])).rows[0]?.verifier ?? "";
      const parts = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(serverMade);
      expect(scramVerifier(password, Buffer.from(parts?.[2] ?? "", "base64"), Number(parts?.[1]))).toBe(serverMade);
    } finally {
      await admin.end();
    }
  });
});
