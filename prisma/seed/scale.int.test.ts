import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { verifySummaries } from "@/lib/data/summaries/verify";
import { HEAVY_ACCOUNT_USERNAME, seedScale, type ScaleProgress, type SeedScaleResult } from "./scale";

const ACCOUNTS = 500;
const PER_ACCOUNT = 20;
const HEAVY = 2_000;

let t: TestDatabase;
let result: SeedScaleResult;
const progress: ScaleProgress[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  result = await seedScale(t.url, {
    accounts: ACCOUNTS,
    loginAttemptsPerAccount: PER_ACCOUNT,
    heavyAccountAttempts: HEAVY,
    now: new Date("2026-11-20T12:00:00.000Z"),
    onProgress: (p) => progress.push(p),
  });
});
afterAll(async () => {
  await t?.drop();
});

async function count(sql: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: number }[]>(`SELECT (${sql})::int AS n`);
  return rows[0]?.n ?? -1;
}

describe("scale seed", () => {
  it("creates the requested accounts with ≥3 teammates and ~20 login attempts each on average", async () => {
    expect(result.accounts).toBe(ACCOUNTS);
    expect(await count("SELECT count(*) FROM accounts")).toBe(ACCOUNTS);
    expect(result.teammates).toBeGreaterThanOrEqual(3 * ACCOUNTS);
    const ordinary = result.loginAttempts - result.heavyAccount.loginAttempts;
    expect(ordinary / (ACCOUNTS - 1)).toBeGreaterThanOrEqual(PER_ACCOUNT * 0.9);
    expect(ordinary / (ACCOUNTS - 1)).toBeLessThanOrEqual(PER_ACCOUNT * 1.1);
    expect(result.apiKeys).toBeGreaterThanOrEqual(ACCOUNTS);
    expect(result.integrations).toBeGreaterThan(0);
    expect(result.invoices).toBeGreaterThan(0);
    expect(result.signUps).toBeGreaterThan(ACCOUNTS);
    expect(progress.some((p) => p.phase === "login_attempts" && p.done === p.total)).toBe(true);
  });

  it("gives the audit log one entry per account from a dozen staff users, newest last", async () => {
    expect(result.auditEntries).toBe(ACCOUNTS);
    expect(await count("SELECT count(DISTINCT actor_id) FROM audit_entries")).toBe(12);
    expect(await count("SELECT count(*) FROM audit_entries WHERE outcome = 'REFUSED'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM audit_entries WHERE created_at > now()")).toBe(0);
  });

  it("chains those entries like any others (the seed loads in replica mode, which must not skip the chain)", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      expect(await verifyAuditChain(client)).toMatchObject({ ok: true, count: ACCOUNTS });
    } finally {
      await client.end();
    }
  });

  it("designates a heavy account with the requested number of attempts", async () => {
    const heavy = await t.db.account.findUniqueOrThrow({ where: { usernameLower: HEAVY_ACCOUNT_USERNAME } });
    expect(await t.db.loginAttempt.count({ where: { accountId: heavy.id } })).toBe(HEAVY);
  });

  it("gives some accounts short handles of every length from 4 to 8, with a local part of their own (typos of short names, issue 14)", async () => {
    const short = await t.db.$queryRaw<{ len: number; n: number; distinct_locals: number; same_as_username: number }[]>`
      SELECT length(username)::int AS len, count(*)::int AS n,
             count(DISTINCT split_part(email_lower, '@', 1))::int AS distinct_locals,
             count(*) FILTER (WHERE split_part(email_lower, '@', 1) = username_lower)::int AS same_as_username
        FROM accounts WHERE username ~ '^[a-z]+$' GROUP BY 1 ORDER BY 1`;
    expect(short.map((r) => r.len)).toEqual([4, 5, 6, 7, 8]);
    for (const row of short) {
      expect(row.n, `length ${row.len}`).toBeGreaterThanOrEqual(3);
      // Handles are a bijection per length: no two accounts share a local part either.
      expect(row.distinct_locals, `length ${row.len}`).toBe(row.n);
    }
    expect(short.reduce((sum, r) => sum + r.same_as_username, 0)).toBeLessThanOrEqual(1);
  });

  it("leaves no dangling foreign keys", async () => {
    const dangling = await count(`
      (SELECT count(*) FROM teammates t LEFT JOIN accounts a ON a.id = t.account_id WHERE a.id IS NULL)
    + (SELECT count(*) FROM api_keys k LEFT JOIN teammates t ON t.id = k.created_by_id WHERE k.created_by_id IS NOT NULL AND t.id IS NULL)
    + (SELECT count(*) FROM api_keys k LEFT JOIN teammates t ON t.id = k.revoked_by_id WHERE k.revoked_by_id IS NOT NULL AND t.id IS NULL)
    + (SELECT count(*) FROM api_keys k WHERE (SELECT account_id FROM teammates WHERE id = k.created_by_id) <> k.account_id)
    + (SELECT count(*) FROM login_attempts l LEFT JOIN accounts a ON a.id = l.account_id WHERE l.account_id IS NOT NULL AND a.id IS NULL)
    + (SELECT count(*) FROM login_attempts l LEFT JOIN teammates t ON t.id = l.teammate_id WHERE l.teammate_id IS NOT NULL AND (t.id IS NULL OR t.account_id <> l.account_id))
    + (SELECT count(*) FROM credential_changes c LEFT JOIN teammates t ON t.id = c.teammate_id WHERE c.teammate_id IS NOT NULL AND (t.id IS NULL OR t.account_id <> c.account_id))
    + (SELECT count(*) FROM password_integrations p LEFT JOIN accounts a ON a.id = p.account_id WHERE a.id IS NULL)
    + (SELECT count(*) FROM invoices i LEFT JOIN accounts a ON a.id = i.account_id WHERE a.id IS NULL)
    + (SELECT count(*) FROM bans b LEFT JOIN accounts a ON a.id = b.account_id WHERE a.id IS NULL)
    + (SELECT count(*) FROM sign_ups s LEFT JOIN accounts a ON a.id = s.account_id WHERE s.account_id IS NOT NULL AND a.id IS NULL)
    + (SELECT count(*) FROM accounts c LEFT JOIN accounts p ON p.id = c.parent_id WHERE c.parent_id IS NOT NULL AND p.id IS NULL)`);
    expect(dangling).toBe(0);
  });

  it("keeps the lower-cased columns populated and consistent", async () => {
    expect(
      await count(`
        (SELECT count(*) FROM accounts WHERE username_lower <> lower(username) OR email_lower <> lower(email))
      + (SELECT count(*) FROM teammates WHERE username_lower <> lower(username) OR email_lower <> lower(email))
      + (SELECT count(*) FROM sign_ups WHERE username_lower <> lower(username) OR email_lower <> lower(email))
      + (SELECT count(*) FROM password_integrations WHERE api_user_lower <> lower(api_user))`),
    ).toBe(0);
  });

  it("restores every index it dropped for the load", async () => {
    const indexes = await t.db.$queryRaw<{ name: string }[]>`
      SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()`;
    const names = new Set(indexes.map((i) => i.name));
    for (const name of [
      "login_attempts_account_id_occurred_at_idx",
      "login_attempts_ip_occurred_at_idx",
      "accounts_email_lower_trgm_idx",
      "accounts_username_lower_trgm_idx",
      // An expression index (the email's local part), rebuilt from pg_get_indexdef like the rest.
      "accounts_email_local_idx",
      "teammates_email_lower_trgm_idx",
      "api_keys_prefix_idx",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("lets the application add rows afterwards (sequences advanced past the explicit ids)", async () => {
    const a = await t.db.account.create({
      data: { username: "after-scale", usernameLower: "after-scale", email: "a@scale.example", emailLower: "a@scale.example" },
    });
    expect(a.id).toBeGreaterThan(ACCOUNTS);
    const tm = await t.db.teammate.create({
      data: { accountId: a.id, username: "x", usernameLower: "x", email: "x@scale.example", emailLower: "x@scale.example", level: "OWNER" },
    });
    expect(tm.id).toBeGreaterThan(result.teammates);
  });

  it("builds the summaries its load skipped the triggers of, matching a recomputation", async () => {
    const drift = await verifySummaries(t.db);
    expect(drift, JSON.stringify(drift)).toMatchObject({ ok: true });
    expect(await count("SELECT count(*) FROM account_flag_facts WHERE full_access >= 2")).toBeGreaterThanOrEqual(ACCOUNTS);
    expect(await count("SELECT sum(n) FROM overview_counts WHERE name = 'accounts'")).toBe(await count("SELECT count(*) FROM accounts"));
  });

  // Each attempt drew its own channel, outcome and time: the draw was once computed once
  // per batch, so no credential change was ever followed by failures.
  it("spreads the ordinary accounts' attempts, and their failures, over the last 180 days", async () => {
    expect(await count("SELECT count(DISTINCT date_trunc('day', occurred_at)) FROM login_attempts WHERE account_id <> 1")).toBeGreaterThan(150);
    expect(
      await count("SELECT count(DISTINCT date_trunc('day', occurred_at)) FROM login_attempts WHERE account_id <> 1 AND outcome = 'FAILURE'"),
    ).toBeGreaterThan(100);
  });

  it("refuses a database that already has accounts", async () => {
    await expect(seedScale(t.url, { accounts: 10 })).rejects.toThrow(/empty database/);
  });
});
