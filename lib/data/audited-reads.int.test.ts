// Reading customer data is audited like opening an account: who searched for which
// customer, and who read the demo mailbox (which shows customer emails).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { seedAccount } from "@/prisma/seed/factories";
import { listCaughtEmails } from "./demo-mailbox/list-caught-emails";
import { searchCustomersAudited } from "./search/search-customers-audited";

let t: TestDatabase;
const viewer = { id: "", email: "agent@reads.test", name: "Agent", role: "AGENT" as const, permissions: [], timeZone: "UTC" };
const meta = { ip: "203.0.113.81", userAgent: "vitest" };

beforeAll(async () => {
  t = await createTestDatabase();
  viewer.id = (await t.db.staffUser.create({ data: { email: viewer.email, name: "Agent" } })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe("audited reads", () => {
  // Security review: searches left no trace, so "who looked for this customer" had no answer.
  it("records who searched for what, and how many customers it found", async () => {
    const seeded = await seedAccount(t.db, { scenario: "healthy", now: new Date(), username: "reads-healthy", historyMonths: 1 });
    const found = await searchCustomersAudited(t.db, "  Reads-Healthy ", viewer, meta);
    expect(found.results.filter((r) => r.kind === "account").map((r) => r.id)).toContain(seeded.accountId);
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
      action: "customer.search",
      outcome: "DONE",
      actorId: viewer.id,
      ip: "203.0.113.81",
      detail: { query: found.query, results: found.results.length, exactHit: found.exactHit },
    });
  });

  // With a read replica the lookup reads there, but a replica is read-only and may lag:
  // the record of who searched must go to the primary. Two separate databases stand in
  // for the pair (a real replica: lib/db/replica.int.test.ts).
  it("reads from the read database it is given and writes the search's audit entry to the primary", async () => {
    const other = await createTestDatabase();
    try {
      const onlyThere = await seedAccount(other.db, { scenario: "healthy", now: new Date(), username: "reads-elsewhere", historyMonths: 1 });
      const found = await searchCustomersAudited(t.db, "reads-elsewhere", viewer, meta, { readDb: other.db });
      expect(found.results.filter((r) => r.kind === "account").map((r) => r.id)).toEqual([onlyThere.accountId]);
      expect(await t.db.auditEntry.count({ where: { action: "customer.search", detail: { path: ["query"], equals: "reads-elsewhere" } } })).toBe(1);
      expect(await other.db.auditEntry.count({ where: { action: "customer.search" } })).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it("records every view of the demo mailbox", async () => {
    await t.db.caughtEmail.create({ data: { from: "support@platform.example", to: "c@customer.test", subject: "Your username", text: "…" } });
    const emails = await listCaughtEmails(t.db, viewer, meta);
    expect(emails).toHaveLength(1);
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
      action: "mail.view",
      actorId: viewer.id,
      detail: { shown: 1 },
    });
  });
});
