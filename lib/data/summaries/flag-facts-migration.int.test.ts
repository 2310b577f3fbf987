// The migration that adds the summaries must fill them from the data already there (a
// deployed console has accounts, teammates and years of login attempts before it).
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import type { TestDatabase } from "@/lib/db/test-database";
import { databaseBeforeMigration, type DatabaseBeforeMigration } from "@/lib/testing/before-migration";
import { getOverview } from "@/lib/data/overview/get-overview";
import { verifySummaries } from "./verify";

const FLAG_FACTS_MIGRATION = "20261130110037_flag_facts";

let t: TestDatabase;
let owner: pg.Client;
let before: DatabaseBeforeMigration | undefined;

beforeAll(async () => {
  before = await databaseBeforeMigration(FLAG_FACTS_MIGRATION);
  ({ database: t, owner } = before);
});
afterAll(async () => {
  await before?.close();
});

describe(`migration ${FLAG_FACTS_MIGRATION}`, () => {
  it("backfills the flag facts and the home counts from the existing rows", async () => {
    // Written in SQL: the Prisma client already knows the tables the migration adds.
    await owner.query(`
      INSERT INTO accounts (id, username, username_lower, email, email_lower, status) VALUES
        (1, 'team', 'team', 'team@x.example', 'team@x.example', 'ACTIVE'),
        (2, 'solo', 'solo', 'solo@x.example', 'solo@x.example', 'BANNED'),
        (3, 'gone', 'gone', 'gone@x.example', 'gone@x.example', 'TERMINATED')`);
    await owner.query(`
      INSERT INTO teammates (id, account_id, username, username_lower, email, email_lower, level, deleted_at) VALUES
        (10, 1, 'owner', 'owner', 'o@x.example', 'o@x.example', 'OWNER', NULL),
        (11, 1, 'admin', 'admin', 'a@x.example', 'a@x.example', 'ADMIN', NULL),
        (12, 1, 'old', 'old', 'old@x.example', 'old@x.example', 'ADMIN', now()),
        (20, 2, 'solo', 'solo', 's@x.example', 's@x.example', 'OWNER', NULL)`);
    await owner.query(`
      INSERT INTO password_integrations (account_id, kind, name, api_user, api_user_lower, removed_at) VALUES
        (2, 'SMTP_RELAY', 'relay', 'solo', 'solo', NULL), (1, 'SMTP_RELAY', 'relay', 'team', 'team', now())`);
    await owner.query(`
      INSERT INTO credential_changes (account_id, kind, teammate_id, actor_label, occurred_at) VALUES
        (1, 'PASSWORD', 11, 'admin', '2026-11-01T10:00:00Z'), (1, 'API_KEY_CREATED', 10, 'owner', '2026-11-01T10:00:00Z')`);
    await owner.query(`
      INSERT INTO login_attempts (account_id, channel, outcome, reason, ip, occurred_at) VALUES
        (1, 'SMTP', 'FAILURE', 'WRONG_PASSWORD', '192.0.2.1', '2026-11-01T11:00:00Z')`);
    await owner.query(`INSERT INTO sign_ups (username, username_lower, email, email_lower, last_confirmation_sent_at, confirmation_expires_at)
      VALUES ('new', 'new', 'new@x.example', 'new@x.example', now(), now() + interval '2 days')`);

    expect((await applyMigrations(t.url))[0]).toBe(FLAG_FACTS_MIGRATION);

    const facts = await owner.query<{ account_id: number; full_access: number; live_teammates: number; password_integrations: number }>(
      `SELECT account_id, full_access, live_teammates, password_integrations FROM account_flag_facts ORDER BY account_id`,
    );
    expect(facts.rows).toEqual([
      { account_id: 1, full_access: 2, live_teammates: 2, password_integrations: 0 },
      { account_id: 2, full_access: 1, live_teammates: 1, password_integrations: 1 },
    ]);
    const flagged = await owner.query<{ teammate_id: number; at: Date }>(`SELECT teammate_id, change_then_failures_at AS at FROM teammate_flag_facts`);
    expect(flagged.rows).toEqual([{ teammate_id: 11, at: new Date("2026-11-01T10:00:00Z") }]);
    expect(await getOverview(t.db)).toMatchObject({ accounts: 3, bannedAccounts: 1, terminatedAccounts: 1, pendingSignUps: 1 });
    expect(await verifySummaries(t.db)).toMatchObject({ ok: true });
  });
});
