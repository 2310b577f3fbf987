import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { seedAccount } from "@/prisma/seed/factories";
import { getAccountView, getSignUpView } from "./get-account-view";

let t: TestDatabase;
const viewer = { id: "", email: "agent@view.test", name: "Agent", role: "AGENT" as const, permissions: [], timeZone: "UTC" };
const meta = { ip: "203.0.113.77", userAgent: "vitest" };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  viewer.id = (await t.db.staffUser.create({ data: { email: viewer.email, name: "Agent" } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe("viewing customer data is audited", () => {
  it("records who opened which account, from where", async () => {
    const seeded = await seedAccount(t.db, { scenario: "banned", now: new Date() });
    const view = await getAccountView(t.db, seeded.accountId ?? 0, viewer, meta);
    expect(view?.diagnosis.findings[0]?.code).toBe("ACCOUNT_BANNED");
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
      action: "account.view",
      outcome: "DONE",
      actorId: viewer.id,
      targetAccountId: seeded.accountId,
      ip: "203.0.113.77",
    });
  });

  it("records sign-up views too, and nothing for an id that does not exist", async () => {
    const seeded = await seedAccount(t.db, { scenario: "unconfirmed", now: new Date() });
    await getSignUpView(t.db, seeded.signUpId ?? 0, viewer, meta);
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ action: "signup.view", targetSignUpId: seeded.signUpId });
    const before = await t.db.auditEntry.count();
    expect(await getAccountView(t.db, 999_999, viewer, meta)).toBeNull();
    expect(await t.db.auditEntry.count()).toBe(before);
  });
});
