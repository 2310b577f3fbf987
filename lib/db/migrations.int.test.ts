import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("migrated database", () => {
  it("records the migrations in Prisma's history table", async () => {
    const rows = await t.db.$queryRaw<{ migration_name: string; finished: boolean }[]>`
      SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.finished)).toBe(true);
  });

  it("refuses to update or delete audit entries", async () => {
    const actor = await t.db.staffUser.create({ data: { email: "a@example.test", name: "A" } });
    const entry = await t.db.auditEntry.create({
      data: { actorId: actor.id, actorEmail: actor.email, action: "account.view", outcome: "DONE" },
    });
    await expect(t.db.auditEntry.update({ where: { id: entry.id }, data: { outcome: "REFUSED" } })).rejects.toThrow();
    await expect(t.db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
    const kept = await t.db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(kept.outcome).toBe("DONE");
  });
});
