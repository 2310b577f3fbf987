// The migration that rewinds future field versions: a record frozen by an event stamped
// ahead (before ingest refused those) must be correctable by the next real event.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import type { TestDatabase } from "@/lib/db/test-database";
import { databaseBeforeMigration, type DatabaseBeforeMigration } from "@/lib/testing/before-migration";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "./build-event";
import { ingestBatch } from "./ingest-batch";

const REWIND_MIGRATION = "20261207020934_rewind_future_versions";

let before: DatabaseBeforeMigration;
let t: TestDatabase;
let owner: pg.Client;

beforeAll(async () => {
  before = await databaseBeforeMigration(REWIND_MIGRATION);
  ({ database: t, owner } = before);
}, 120_000);
afterAll(async () => {
  await before?.close();
});

describe(`migration ${REWIND_MIGRATION}`, () => {
  it("brings every field version later than now back to now, keeping the event id, and the next real event wins again", async () => {
    const token = newSourceToken();
    const source = await t.db.eventSource.create({ data: { name: "platform", tokenHash: token.hash, tokenPrefix: token.prefix } });
    const past = "2026-11-01T10:00:00.000Z evt-past";
    // Written in SQL, as the rows were before the migration (versions as ingest stored them).
    await owner.query(
      `INSERT INTO accounts (id, source_id, external_id, username, username_lower, email, email_lower, status, source_versions) VALUES
        (1, $1, 'frozen', 'frozen', 'frozen', 'wrong@x.example', 'wrong@x.example', 'ACTIVE',
         jsonb_build_object('email', '9999-12-31T23:59:59.000Z evt-9999', 'plan', $2::text, 'username', '2027-01-06T10:00:00.000Z evt-month')),
        (2, $1, 'fine', 'fine', 'fine', 'fine@x.example', 'fine@x.example', 'ACTIVE', jsonb_build_object('email', $2::text)),
        (3, NULL, NULL, 'seeded', 'seeded', 'seeded@x.example', 'seeded@x.example', 'ACTIVE', NULL)`,
      [source.id, past],
    );
    await owner.query(
      `INSERT INTO teammates (id, source_id, external_id, account_id, username, username_lower, email, email_lower, level, source_versions) VALUES
        (10, $1, 'tm', 1, 'alex', 'alex', 'a@x.example', 'a@x.example', 'READ_ONLY', jsonb_build_object('level', '2030-05-05T00:00:00.000Z evt-tm', 'email', $2::text))`,
      [source.id, past],
    );
    await owner.query(
      `INSERT INTO invoices (id, source_id, external_id, account_id, period, amount_cents, currency, issued_at, due_at, source_versions) VALUES
        (20, $1, 'inv', 1, '2026-11-01', 100, 'USD', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', jsonb_build_object('amount_cents', '2099-01-01T00:00:00.000Z evt-inv'))`,
      [source.id],
    );
    const versionsOf = async (table: string, id: number) =>
      (await owner.query<{ v: Record<string, string> | null }>(`SELECT source_versions AS v FROM ${table} WHERE id = $1`, [id])).rows[0]?.v;

    const before = Date.now();
    expect((await applyMigrations(t.url))[0]).toBe(REWIND_MIGRATION);
    const after = Date.now();

    const rewound = (version: string | undefined, id: string) => {
      expect(version).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${id}$`));
      const time = Date.parse(version?.slice(0, 24) ?? "");
      expect(time).toBeGreaterThanOrEqual(before - 1000);
      expect(time).toBeLessThanOrEqual(after + 1000);
    };
    const frozen = await versionsOf("accounts", 1);
    rewound(frozen?.email, "evt-9999");
    rewound(frozen?.username, "evt-month");
    expect(frozen?.plan).toBe(past);
    expect(await versionsOf("accounts", 2)).toEqual({ email: past });
    expect(await versionsOf("accounts", 3)).toBeNull();
    const teammate = await versionsOf("teammates", 10);
    rewound(teammate?.level, "evt-tm");
    expect(teammate?.email).toBe(past);
    rewound((await versionsOf("invoices", 20))?.amount_cents, "evt-inv");

    // The next real update now corrects the field the year-9999 event had frozen.
    const now = new Date(after + 2000);
    const results = await ingestBatch(
      t.db,
      { id: source.id, allowedTypes: [] },
      [buildEvent("account.updated", { account_id: "frozen", email: "right@x.example" }, { time: now })],
      { now },
    );
    expect(results).toMatchObject([{ status: "accepted", effect: "applied" }]);
    expect((await owner.query<{ email: string }>(`SELECT email FROM accounts WHERE id = 1`)).rows[0]?.email).toBe("right@x.example");
  });
});
