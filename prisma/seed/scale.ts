// Bulk "scale" seed: a million customers with tens of millions of login attempts, for
// benchmarks and for checking that lookups stay indexed. Row-at-a-time inserts (or
// Prisma) would take hours; here every table is filled by set-based SQL on the server
// (INSERT ... SELECT ... FROM generate_series), in batches so progress is visible and
// no single statement holds gigabytes of state.
//
// Ids are explicit (accounts 1..N, teammate id = (account - 1) * 5 + n) so child rows
// can be computed from the account id without reading anything back. That is why the
// seed refuses a database that already has customers.
import pg from "pg";
import { seedScaleAudit } from "./scale-audit";
import { BULK_TABLES, SUMMARY_TABLES, secondaryIndexes } from "./scale-indexes";
import { DOMAINS, EMAIL_MULTIPLIER, FIRST, LAST, TEAMMATE_NAMES, USERNAME_MULTIPLIER, isShortHandleSql, shortHandleSql, sqlArray } from "./scale-names";

export interface ScaleProgress {
  phase: string;
  done: number;
  total: number;
  elapsedMs: number;
}

export interface SeedScaleOptions {
  accounts: number;
  /** Average login attempts per account (default 20). */
  loginAttemptsPerAccount?: number;
  /** Attempts for the designated heavy account (default 50,000; capped for tiny runs by nothing). */
  heavyAccountAttempts?: number;
  now?: Date;
  onProgress?: (progress: ScaleProgress) => void;
}

export interface SeedScaleResult {
  accounts: number;
  signUps: number;
  teammates: number;
  apiKeys: number;
  integrations: number;
  invoices: number;
  bans: number;
  credentialChanges: number;
  loginAttempts: number;
  auditEntries: number;
  heavyAccount: { id: number; username: string; loginAttempts: number };
  seconds: number;
  phases: Record<string, number>;
  /** False when the server refused to skip foreign-key triggers (not a superuser). */
  skippedForeignKeyChecks: boolean;
}

export const HEAVY_ACCOUNT_USERNAME = "scale-heavy";

/** Teammates per account: 2..5, 3.5 on average. Ids leave room for 5 per account. */
const TEAMMATE_SLOTS = 5;

export async function seedScale(url: string, options: SeedScaleOptions): Promise<SeedScaleResult> {
  const n = options.accounts;
  if (!Number.isInteger(n) || n < 1) throw new Error(`accounts must be a positive integer, got ${n}`);
  const perAccount = options.loginAttemptsPerAccount ?? 20;
  if (!Number.isInteger(perAccount) || perAccount < 0) throw new Error(`loginAttemptsPerAccount must be a non-negative integer`);
  const heavyAttempts = options.heavyAccountAttempts ?? 50_000;
  const now = options.now ?? new Date();
  const started = Date.now();
  const phases: Record<string, number> = {};
  const progress = (phase: string, done: number, total: number) => options.onProgress?.({ phase, done, total, elapsedMs: Date.now() - started });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let droppedIndexes: { name: string; def: string }[] = [];
  let skippedForeignKeyChecks = false;
  try {
    const existing = await client.query<{ n: string }>("SELECT ((SELECT count(*) FROM accounts) + (SELECT count(*) FROM sign_ups))::text AS n");
    if (Number(existing.rows[0]?.n ?? 0) > 0) {
      throw new Error("the scale seed needs an empty database (accounts and sign_ups must be empty): it assigns ids itself");
    }

    // A seed can be re-run from scratch, so durability of each commit does not matter.
    await client.query("SET synchronous_commit = off");
    // Generated rows are consistent by construction (the test checks every foreign
    // key afterwards); skipping the per-row RI triggers roughly halves the load time.
    try {
      await client.query("SET session_replication_role = replica");
      skippedForeignKeyChecks = true;
    } catch {
      skippedForeignKeyChecks = false;
    }
    await client.query("SET maintenance_work_mem = '256MB'").catch(() => undefined);

    droppedIndexes = await secondaryIndexes(client);
    for (const { name } of droppedIndexes) await client.query(`DROP INDEX IF EXISTS "${name}"`);
    // login_attempts is partitioned by month: a partition for every month the load
    // writes (the heavy account goes back a year), so no row lands in the default one.
    await client.query(`SELECT login_attempts_create_partitions($1::timestamptz - interval '400 days', $1::timestamptz)`, [now]);

    const time = async (phase: string, work: () => Promise<void>) => {
      const t0 = Date.now();
      await work();
      phases[phase] = (Date.now() - t0) / 1000;
    };
    const batches = async (phase: string, total: number, size: number, sql: string, extra: unknown[] = []) => {
      for (let lo = 1; lo <= total; lo += size) {
        const hi = Math.min(total, lo + size - 1);
        await client.query(sql, [lo, hi, now, ...extra]);
        progress(phase, hi, total);
      }
    };
    const ACCOUNT_BATCH = 50_000;

    await time("accounts", () =>
      batches(
        "accounts",
        n,
        ACCOUNT_BATCH,
        `INSERT INTO accounts (id, username, username_lower, email, email_lower, login_method, unified_login_id,
                               status, plan, created_at, confirmed_at, last_login_at, password_changed_at,
                               locked_until, terminated_at, parent_id)
         SELECT g, s.username, lower(s.username), s.email, lower(s.email),
                CASE WHEN g % 10 = 4 THEN 'UNIFIED_LOGIN' ELSE 'PASSWORD' END::login_method,
                CASE WHEN g % 10 = 4 THEN 'US' || md5(g::text) END,
                CASE WHEN g % 200 = 7 THEN 'BANNED' WHEN g % 50 = 3 THEN 'TERMINATED' ELSE 'ACTIVE' END::account_status,
                (ARRAY['free','free','essentials','pro','premier'])[1 + g % 5],
                s.created_at, s.created_at + interval '17 minutes',
                $3::timestamptz - (g % 97) * interval '1 hour',
                s.created_at + interval '17 minutes',
                CASE WHEN g % 500 = 11 THEN $3::timestamptz + interval '20 minutes' END,
                CASE WHEN g % 50 = 3 AND g % 200 <> 7 THEN date_trunc('month', $3::timestamptz) - interval '4 days' END,
                CASE WHEN g % 100 = 0 THEN g - 1 END
           FROM (SELECT g,
                        CASE WHEN g = 1 THEN '${HEAVY_ACCOUNT_USERNAME}'
                             WHEN ${isShortHandleSql("g")} THEN ${shortHandleSql("g", USERNAME_MULTIPLIER)}
                             ELSE f.fn || '.' || l.ln || g END AS username,
                        CASE WHEN g = 1 THEN 'heavy@scale.example'
                             WHEN ${isShortHandleSql("g")}
                               THEN ${shortHandleSql("g", EMAIL_MULTIPLIER)} || '@' || (${sqlArray(DOMAINS)})[1 + g % ${DOMAINS.length}]
                             ELSE f.fn || '.' || l.ln || g || '@' || (${sqlArray(DOMAINS)})[1 + g % ${DOMAINS.length}] END AS email,
                        $3::timestamptz - (30 + g % 1500) * interval '1 day' AS created_at
                   FROM generate_series($1::int, $2::int) g
                   CROSS JOIN LATERAL (SELECT (${sqlArray(FIRST)})[1 + g % ${FIRST.length}] AS fn) f
                   CROSS JOIN LATERAL (SELECT (${sqlArray(LAST)})[1 + (g / ${FIRST.length}) % ${LAST.length}] AS ln) l) s`,
      ),
    );

    await time("sign_ups", async () => {
      await batches(
        "sign_ups",
        n,
        ACCOUNT_BATCH * 2,
        `INSERT INTO sign_ups (username, username_lower, email, email_lower, created_at, ip, confirmations_sent,
                               last_confirmation_sent_at, confirmation_expires_at, confirmed_at, account_id)
         SELECT a.username, a.username_lower, a.email, a.email_lower, a.created_at, '10.9.0.1', 1,
                a.created_at, a.created_at + interval '2 days', a.confirmed_at, a.id
           FROM accounts a WHERE a.id BETWEEN $1 AND $2 AND $3::timestamptz IS NOT NULL`,
      );
      // About 1% pending sign-ups with no account (case 1).
      const pending = Math.max(1, Math.floor(n / 100));
      await client.query(
        `INSERT INTO sign_ups (username, username_lower, email, email_lower, created_at, ip, confirmations_sent,
                               last_confirmation_sent_at, confirmation_expires_at)
         SELECT 'pending.' || g, 'pending.' || g, 'pending' || g || '@signup.example', 'pending' || g || '@signup.example',
                $1::timestamptz - (g % 10) * interval '1 day', '10.8.0.1', 1 + g % 3,
                $1::timestamptz - (g % 10) * interval '1 day', $1::timestamptz - (g % 10) * interval '1 day' + interval '2 days'
           FROM generate_series(1, $2::int) g`,
        [now, pending],
      );
    });

    await time("teammates", () =>
      batches(
        "teammates",
        n,
        ACCOUNT_BATCH,
        `INSERT INTO teammates (id, account_id, username, username_lower, email, email_lower, level, scopes, created_at, last_login_at)
         SELECT (a.id - 1) * ${TEAMMATE_SLOTS} + k,
                a.id,
                CASE WHEN k = 1 THEN a.username ELSE a.username || '-' || (${sqlArray(TEAMMATE_NAMES)})[k] END,
                CASE WHEN k = 1 THEN a.username_lower ELSE a.username_lower || '-' || (${sqlArray(TEAMMATE_NAMES)})[k] END,
                CASE WHEN k = 1 THEN a.email ELSE (${sqlArray(TEAMMATE_NAMES)})[k] || '.' || a.email END,
                CASE WHEN k = 1 THEN a.email_lower ELSE (${sqlArray(TEAMMATE_NAMES)})[k] || '.' || a.email_lower END,
                (ARRAY['OWNER','ADMIN','RESTRICTED','READ_ONLY','BILLING'])[k]::teammate_level,
                CASE WHEN k = 3 THEN ARRAY['mail.send','stats.read'] ELSE '{}'::text[] END,
                a.created_at + (k - 1) * interval '3 days',
                $3::timestamptz - ((a.id + k) % 240) * interval '1 hour'
           FROM accounts a
           CROSS JOIN LATERAL generate_series(1, 2 + a.id % 4) k
          WHERE a.id BETWEEN $1 AND $2`,
      ),
    );

    await time("api_keys_integrations", async () => {
      await batches(
        "api_keys",
        n,
        ACCOUNT_BATCH * 2,
        `INSERT INTO api_keys (account_id, name, prefix, scopes, created_at, last_used_at, created_by_id, revoked_at, revoked_by_id)
         SELECT a.id, 'production', 'SG.' || substr(md5(a.id::text), 1, 8), ARRAY['mail.send'],
                a.created_at + interval '1 day', $3::timestamptz - (a.id % 48) * interval '1 hour',
                (a.id - 1) * ${TEAMMATE_SLOTS} + 1, NULL, NULL
           FROM accounts a WHERE a.id BETWEEN $1 AND $2
         UNION ALL
         SELECT a.id, 'old key', 'SG.' || substr(md5('old' || a.id), 1, 8), ARRAY['mail.send','stats.read'],
                a.created_at + interval '2 days', a.created_at + interval '20 days',
                (a.id - 1) * ${TEAMMATE_SLOTS} + 1, a.created_at + interval '25 days', (a.id - 1) * ${TEAMMATE_SLOTS} + 2
           FROM accounts a WHERE a.id BETWEEN $1 AND $2 AND a.id % 3 = 0`,
      );
      await batches(
        "integrations",
        n,
        ACCOUNT_BATCH * 2,
        `INSERT INTO password_integrations (account_id, kind, name, api_user, api_user_lower, created_at, last_used_at)
         SELECT a.id, 'SMTP_RELAY'::integration_kind, 'SMTP relay', a.username, a.username_lower,
                a.created_at + interval '3 days', $3::timestamptz - (a.id % 24) * interval '1 hour'
           FROM accounts a WHERE a.id BETWEEN $1 AND $2 AND a.id % 2 = 0
         UNION ALL
         SELECT a.id, 'LEGACY_API'::integration_kind, 'Legacy v2 API', a.username, a.username_lower,
                a.created_at + interval '5 days', $3::timestamptz - (a.id % 30) * interval '1 hour'
           FROM accounts a WHERE a.id BETWEEN $1 AND $2 AND a.id % 6 = 0`,
      );
      await batches(
        "credential_changes",
        n,
        ACCOUNT_BATCH * 2,
        `INSERT INTO credential_changes (account_id, kind, teammate_id, actor_label, ip, detail, occurred_at)
         SELECT a.id, 'API_KEY_CREATED'::credential_kind, (a.id - 1) * ${TEAMMATE_SLOTS} + 1, a.username, '10.7.0.1',
                'key production', a.created_at + interval '1 day'
           FROM accounts a WHERE a.id BETWEEN $1 AND $2 AND $3::timestamptz IS NOT NULL
         UNION ALL
         SELECT a.id, 'PASSWORD'::credential_kind, (a.id - 1) * ${TEAMMATE_SLOTS} + 2, a.username || '-ops', '10.7.0.2',
                NULL, $3::timestamptz - (a.id % 60) * interval '1 day'
           FROM accounts a WHERE a.id BETWEEN $1 AND $2 AND a.id % 7 = 0`,
      );
    });

    await time("billing_bans", async () => {
      // Paid plans get six months of invoices; terminated accounts left last month's unpaid.
      await batches(
        "invoices",
        n,
        ACCOUNT_BATCH,
        `INSERT INTO invoices (account_id, period, amount_cents, issued_at, due_at, paid_at)
         SELECT a.id, (date_trunc('month', $3::timestamptz) - m * interval '1 month')::date,
                (ARRAY[1995, 8995, 24900])[1 + a.id % 3],
                date_trunc('month', $3::timestamptz) - (m - 1) * interval '1 month' + interval '6 hours',
                date_trunc('month', $3::timestamptz) - (m - 1) * interval '1 month' + interval '10 days',
                CASE WHEN a.status = 'TERMINATED' AND m = 2 THEN NULL
                     ELSE date_trunc('month', $3::timestamptz) - (m - 1) * interval '1 month' + interval '7 hours' END
           FROM accounts a CROSS JOIN generate_series(1, 6) m
          WHERE a.id BETWEEN $1 AND $2 AND a.plan <> 'free'`,
      );
      await client.query(
        `INSERT INTO bans (account_id, banned_at, reason, ban_email_ref, cascade_subusers)
         SELECT id, $1::timestamptz - (id % 30) * interval '1 day', 'Spam complaints above policy', 'COMPLIANCE-' || id, true
           FROM accounts WHERE status = 'BANNED'`,
        [now],
      );
    });

    // Login attempts: ~perAccount per account (between half and one and a half times),
    // a mix of channels with ~6% failures, over the last 180 days.
    const perBatch = Math.max(1, Math.floor(500_000 / Math.max(1, perAccount)));
    await time("login_attempts", () =>
      batches(
        "login_attempts",
        n,
        perBatch,
        `INSERT INTO login_attempts (account_id, teammate_id, channel, outcome, reason, username_tried, api_key_prefix, ip, user_agent, occurred_at)
         SELECT x.id,
                CASE WHEN x.ch = 0 THEN (x.id - 1) * ${TEAMMATE_SLOTS} + 1 + x.k % (2 + x.id % 4) END,
                (ARRAY['WEB','API','SMTP'])[1 + x.ch]::login_channel,
                CASE WHEN x.fail THEN 'FAILURE' ELSE 'SUCCESS' END::login_outcome,
                CASE WHEN NOT x.fail THEN NULL
                     WHEN x.status = 'BANNED' THEN 'BANNED'
                     WHEN x.status = 'TERMINATED' THEN 'TERMINATED'
                     WHEN x.ch = 0 THEN 'WRONG_PASSWORD'
                     ELSE 'BAD_API_KEY' END::login_failure_reason,
                CASE WHEN x.ch = 0 THEN x.username WHEN x.ch = 2 THEN 'apikey' END,
                CASE WHEN x.ch <> 0 THEN x.prefix END,
                CASE WHEN x.ch = 0 THEN x.office_ip ELSE x.server_ip END,
                (ARRAY['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0', 'Mozilla/5.0 (Macintosh) Safari/605.1.15',
                       'sendgrid-python/6.11.0', 'Postfix'])[1 + x.ch + (x.k % 2) * (1 - x.ch / 2)],
                $3::timestamptz - x.r * interval '180 days'
           FROM (SELECT a.id, a.username, a.status, p.prefix, p.office_ip, p.server_ip, k,
                        CASE WHEN r1 < 0.4 THEN 0 WHEN r1 < 0.85 THEN 1 ELSE 2 END AS ch,
                        r2 < 0.06 AS fail, r3 AS r
                   FROM accounts a
                   CROSS JOIN LATERAL (SELECT 'SG.' || substr(md5(a.id::text), 1, 8) AS prefix,
                                              '10.' || (a.id >> 16) % 256 || '.' || (a.id >> 8) % 256 || '.' || a.id % 256 AS office_ip,
                                              '172.16.' || (a.id >> 8) % 256 || '.' || a.id % 256 AS server_ip) p
                   CROSS JOIN LATERAL generate_series(1, $4::int / 2 + ((a.id::bigint * 2654435761) % ($4::int + 1))::int) k
                   -- The reference to k makes the subquery correlated: without it PostgreSQL
                   -- computes it once per statement, and every attempt of a batch got the
                   -- same channel, outcome and instant.
                   CROSS JOIN LATERAL (SELECT random() AS r1, random() AS r2, random() AS r3 WHERE k IS NOT NULL OFFSET 0) rnd
                  WHERE a.id BETWEEN $1 AND $2 AND a.id <> 1) x`,
        [perAccount],
      ),
    );

    // The designated heavy account (id 1): a page with 50,000 attempts to benchmark.
    await time("heavy_account", async () => {
      await client.query(
        `INSERT INTO login_attempts (account_id, teammate_id, channel, outcome, reason, username_tried, api_key_prefix, ip, user_agent, occurred_at)
         SELECT 1, CASE WHEN g % 3 = 0 THEN 1 END,
                (ARRAY['WEB','API','SMTP'])[1 + g % 3]::login_channel,
                CASE WHEN g % 17 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END::login_outcome,
                CASE WHEN g % 17 <> 0 THEN NULL WHEN g % 3 = 0 THEN 'WRONG_PASSWORD' ELSE 'BAD_API_KEY' END::login_failure_reason,
                CASE WHEN g % 3 = 0 THEN '${HEAVY_ACCOUNT_USERNAME}' WHEN g % 3 = 2 THEN 'apikey' END,
                CASE WHEN g % 3 <> 0 THEN 'SG.' || substr(md5('1'), 1, 8) END,
                '10.0.0.' || (1 + g % 200), 'sendgrid-nodejs/8.1.4',
                $1::timestamptz - (g::float8 / $2::int) * interval '365 days'
           FROM generate_series(1, $2::int) g`,
        [now, heavyAttempts],
      );
    });

    await time("audit_entries", async () => {
      await seedScaleAudit(client, n, now);
      progress("audit_entries", n, n);
    });

    await time("sequences", async () => {
      for (const table of ["accounts", "teammates"]) {
        await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))::text`);
      }
    });

    await time("indexes", async () => {
      const total = droppedIndexes.length;
      let done = 0;
      for (const { def } of droppedIndexes) {
        await client.query(def);
        progress("indexes", ++done, total);
      }
      droppedIndexes = [];
    });
    // The load skipped the triggers that keep the summaries (replica mode): computed
    // once here from the loaded rows, as the migration's backfill does.
    await time("summaries", async () => {
      await client.query("SELECT flag_facts_rebuild()::text, overview_counts_rebuild()::text");
    });
    await time("analyze", async () => {
      await client.query(`ANALYZE ${[...BULK_TABLES, ...SUMMARY_TABLES].join(", ")}`);
      // The audit trail is insert-only, so autovacuum will soon mark its pages all-visible:
      // done now, the benchmarks see its steady state (the home's "Recently opened" is an
      // index-only read, which the planner only prefers on all-visible pages).
      await client.query("VACUUM (ANALYZE) audit_entries");
    });

    const counts = await client.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM accounts)::text AS accounts,
              (SELECT count(*) FROM sign_ups)::text AS sign_ups,
              (SELECT count(*) FROM teammates)::text AS teammates,
              (SELECT count(*) FROM api_keys)::text AS api_keys,
              (SELECT count(*) FROM password_integrations)::text AS integrations,
              (SELECT count(*) FROM invoices)::text AS invoices,
              (SELECT count(*) FROM bans)::text AS bans,
              (SELECT count(*) FROM credential_changes)::text AS credential_changes,
              (SELECT count(*) FROM login_attempts)::text AS login_attempts,
              (SELECT count(*) FROM audit_entries)::text AS audit_entries,
              (SELECT count(*) FROM login_attempts WHERE account_id = 1)::text AS heavy`,
    );
    const c = counts.rows[0] ?? {};
    const num = (key: string) => Number(c[key] ?? 0);
    return {
      accounts: num("accounts"),
      signUps: num("sign_ups"),
      teammates: num("teammates"),
      apiKeys: num("api_keys"),
      integrations: num("integrations"),
      invoices: num("invoices"),
      bans: num("bans"),
      credentialChanges: num("credential_changes"),
      loginAttempts: num("login_attempts"),
      auditEntries: num("audit_entries"),
      heavyAccount: { id: 1, username: HEAVY_ACCOUNT_USERNAME, loginAttempts: num("heavy") },
      seconds: (Date.now() - started) / 1000,
      phases,
      skippedForeignKeyChecks,
    };
  } finally {
    // Never leave the schema without its indexes, even when the load failed.
    for (const { def } of droppedIndexes) await client.query(def).catch(() => undefined);
    // The embedded server runs every connection on one session: left in replica mode, it
    // would skip the summaries' triggers for every later writer.
    await client.query("RESET session_replication_role").catch(() => undefined);
    await client.query("RESET synchronous_commit").catch(() => undefined);
    await client.end();
  }
}
