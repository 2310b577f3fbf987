// The migration that adds the chain must link the entries written before it, in id
// order, and leave the append-only trigger on (ALWAYS) afterwards.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import type { TestDatabase } from "@/lib/db/test-database";
import { databaseBeforeMigration, type DatabaseBeforeMigration } from "@/lib/testing/before-migration";
import { verifyAuditChain } from "./verify-chain";
import { writeAudit } from "./write-audit";

const CHAIN_MIGRATION = "20261130040601_audit_hash_chain";
// More than one of the backfill's 10,000-entry write-backs.
const BULK = 25_000;

let t: TestDatabase;
let owner: pg.Client;
let before: DatabaseBeforeMigration | undefined;

beforeAll(async () => {
  before = await databaseBeforeMigration(CHAIN_MIGRATION);
  ({ database: t, owner } = before);
});
afterAll(async () => {
  await before?.close();
});

describe(`migration ${CHAIN_MIGRATION}`, () => {
  it("links the existing trail in id order, and new entries after it", async () => {
    // The Prisma client already knows the new columns, so the old trail is written in SQL.
    await owner.query(
      `INSERT INTO audit_entries (actor_email, action, outcome, reason, ticket_ref, detail, user_agent)
       VALUES ('zoë@例え.jp', 'account.view', 'DONE', '', NULL, '{"a": "🔑", "b": [1, 2.5]}', '3:x-')`,
    );
    await owner.query(
      `INSERT INTO audit_entries (actor_email, action, outcome, target_account_id, detail, created_at)
       SELECT 'bulk' || g || '@example.test', 'account.view', 'DONE', NULL, jsonb_build_object('n', g), now() - g * interval '1 second'
         FROM generate_series(1, ${BULK}) g`,
    );
    const started = Date.now();
    // The chain migration first, then whatever came after it.
    expect((await applyMigrations(t.url))[0]).toBe(CHAIN_MIGRATION);
    const ms = Date.now() - started;
    console.log(`chain migration backfilled ${BULK + 1} entries in ${ms} ms (${t.kind})`);

    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true, count: BULK + 1 });
    await writeAudit(t.db, { actor: { id: null, email: "after@example.test" }, action: "account.view", outcome: "DONE" });
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true, count: BULK + 2 });
  });

  it("leaves every audit trigger enabled, ALWAYS (also under session_replication_role = replica)", async () => {
    const { rows } = await owner.query<{ name: string; enabled: string }>(
      `SELECT tgname AS name, tgenabled AS enabled FROM pg_trigger
        WHERE tgrelid = 'audit_entries'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(rows).toEqual([
      { name: "audit_entries_chain", enabled: "A" },
      { name: "audit_entries_no_truncate", enabled: "A" },
      { name: "audit_entries_no_update_or_delete", enabled: "A" },
    ]);
  });
});
