import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { SCENARIOS, seedAccount, terminationDate, type SeededAccount } from "./factories";
import { addUtcMonths, isInLastWeekOfUtcMonth } from "@/lib/diagnosis/time";

// Clocks at awkward points of the billing month: just after the bill run, and inside
// the last week (when termination happens). No event may land after `now`.
const CLOCKS = [new Date("2026-03-01T02:00:00.000Z"), new Date("2026-02-25T09:30:00.000Z"), new Date("2026-07-14T12:00:00.000Z")];

let t: TestDatabase;
const seeded: { now: Date; account: SeededAccount }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  for (const now of CLOCKS) {
    for (const scenario of SCENARIOS) {
      // No names given: the factory must still produce unique usernames.
      seeded.push({ now, account: await seedAccount(t.db, { scenario, now, historyMonths: 2 }) });
    }
  }
});
afterAll(async () => {
  await t?.drop();
});

describe("seedAccount", () => {
  it("returns ids of rows that exist", async () => {
    for (const { account } of seeded) {
      if (account.accountId !== null) {
        const a = await t.db.account.findUniqueOrThrow({ where: { id: account.accountId }, include: { teammates: true, apiKeys: true } });
        expect(a.usernameLower).toBe(account.username.toLowerCase());
        expect(a.teammates.map((x) => x.id).sort()).toEqual([...account.teammateIds].sort());
        expect(a.apiKeys.map((x) => x.id).sort()).toEqual([...account.apiKeyIds].sort());
      }
      expect(await t.db.signUp.count({ where: { id: account.signUpId } })).toBe(1);
      for (const id of account.subuserIds) expect((await t.db.account.findUniqueOrThrow({ where: { id } })).status).toBe("BANNED");
    }
  });

  it("never puts an event after `now`", async () => {
    for (const { now, account } of seeded) {
      if (account.accountId === null) continue;
      const ids = [account.accountId, ...account.subuserIds];
      const late = await t.db.$queryRaw<{ n: number }[]>`
        SELECT ((SELECT count(*) FROM login_attempts WHERE account_id = ANY(${ids}) AND occurred_at > ${now})
              + (SELECT count(*) FROM credential_changes WHERE account_id = ANY(${ids}) AND occurred_at > ${now})
              + (SELECT count(*) FROM billing_warnings WHERE account_id = ANY(${ids}) AND sent_at > ${now})
              + (SELECT count(*) FROM invoices WHERE account_id = ANY(${ids}) AND (issued_at > ${now} OR paid_at > ${now}))
              + (SELECT count(*) FROM bans WHERE account_id = ANY(${ids}) AND banned_at > ${now})
              + (SELECT count(*) FROM accounts WHERE id = ANY(${ids}) AND (created_at > ${now} OR terminated_at > ${now} OR last_login_at > ${now})))::int AS n`;
      expect({ scenario: account.scenario, now: now.toISOString(), late: late[0]?.n }).toEqual({ scenario: account.scenario, now: now.toISOString(), late: 0 });
    }
  });

  it("terminates in the last week of a month, for the previous month's unpaid invoice, whatever the clock", async () => {
    for (const { now, account } of seeded.filter((s) => s.account.scenario === "terminated")) {
      const a = await t.db.account.findUniqueOrThrow({ where: { id: account.accountId! } });
      expect(a.terminatedAt?.toISOString()).toBe(terminationDate(now).toISOString());
      expect(isInLastWeekOfUtcMonth(a.terminatedAt!)).toBe(true);
      const unpaid = await t.db.invoice.findFirstOrThrow({ where: { accountId: a.id, paidAt: null } });
      expect(unpaid.period.toISOString()).toBe(addUtcMonths(a.terminatedAt!, -1).toISOString());
      const warnings = await t.db.billingWarning.findMany({ where: { invoiceId: unpaid.id } });
      expect(warnings.map((w) => w.kind).sort()).toEqual(["FINAL_NOTICE", "PAYMENT_FAILED", "REMINDER", "TERMINATION_NOTICE"]);
    }
  });

  it("keeps a lockout in the future", async () => {
    for (const { now, account } of seeded.filter((s) => s.account.scenario === "locked")) {
      const a = await t.db.account.findUniqueOrThrow({ where: { id: account.accountId! } });
      expect(a.lockedUntil!.getTime()).toBeGreaterThan(now.getTime());
    }
  });
});
