import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLES } from "@/lib/auth/permissions";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { actAs, authMock, headersMock } from "@/lib/testing/action-harness";
import { seedAccount } from "@/prisma/seed/factories";
import { reactivateAccountAction } from "./reactivate-account";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);

let t: TestDatabase;
const ids: Record<string, number> = {};
const staffIds: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const now = new Date("2026-11-27T12:00:00Z");
  for (const scenario of ["banned", "banned_subuser", "terminated", "healthy"] as const) {
    const seeded = await seedAccount(t.db, { scenario, now });
    ids[scenario] = seeded.accountId ?? 0;
  }
  for (const role of ROLES) {
    staffIds.push((await t.db.staffUser.create({ data: { email: `${role}@reactivate.test`, name: role, role } })).id);
  }
});
afterAll(async () => {
  await t?.drop();
});

describe("reactivating an account is deliberately impossible", () => {
  it.each([
    ["banned", "BANNED_PERMANENT", /support cannot reactivate/],
    ["banned_subuser", "BANNED_PERMANENT", /support cannot reactivate/],
    ["terminated", "TERMINATED_BILLING", /billing support/],
    ["healthy", "NOT_INACTIVE", /nothing to reactivate/],
  ])("%s: refused for every role, admins included, with an audited reason", async (scenario, code, message) => {
    for (const staffId of staffIds) {
      actAs(staffId);
      const before = await t.db.account.findUniqueOrThrow({ where: { id: ids[scenario] } });
      const result = await reactivateAccountAction({ accountId: ids[scenario] ?? 0, ticketRef: "T-1" });
      expect(result).toMatchObject({ ok: false, code: "REFUSED" });
      expect(result.ok ? "" : result.message).toMatch(message);
      const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(entry).toMatchObject({
        action: "account.reactivate",
        outcome: "REFUSED",
        code,
        actorId: staffId,
        targetAccountId: ids[scenario],
        ticketRef: "T-1",
      });
      expect(await t.db.account.findUniqueOrThrow({ where: { id: ids[scenario] } })).toEqual(before);
    }
  });

  it("says so when the account does not exist", async () => {
    actAs(staffIds[0] ?? null);
    expect(await reactivateAccountAction({ accountId: 999_999 })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});
