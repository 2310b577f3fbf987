import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { hashPassword } from "./passwords";
import { verifyStaffCredentials } from "./verify-credentials";

let t: TestDatabase;
const meta = (ip = "198.51.100.1") => ({ ip, userAgent: "vitest" });
const now = new Date("2026-11-27T12:00:00Z");
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
  const passwordHash = await hashPassword("correct horse battery");
  await t.db.staffUser.createMany({
    data: [
      { email: "Agent@Console.test", name: "Agent", role: "AGENT", passwordHash },
      { email: "locked@console.test", name: "Locked", role: "AGENT", passwordHash },
      { email: "gone@console.test", name: "Gone", role: "ADMIN", passwordHash, disabledAt: now },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

describe("console sign-in", () => {
  it("accepts the right password, case-insensitively on the email, and audits it", async () => {
    const result = await verifyStaffCredentials(t.db, { email: " agent@console.TEST ", password: "correct horse battery" }, meta(), now);
    expect(result).toMatchObject({ ok: true, staff: { email: "Agent@Console.test", role: "AGENT" } });
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ action: "auth.sign_in", outcome: "DONE", actorEmail: "Agent@Console.test", ip: "198.51.100.1" });
  });

  it("gives the same answer for a wrong password, an unknown email and a disabled user", async () => {
    const answers = await Promise.all([
      verifyStaffCredentials(t.db, { email: "agent@console.test", password: "nope" }, meta("203.0.113.1"), now),
      verifyStaffCredentials(t.db, { email: "nobody@console.test", password: "nope" }, meta("203.0.113.2"), now),
      verifyStaffCredentials(t.db, { email: "gone@console.test", password: "correct horse battery" }, meta("203.0.113.3"), now),
    ]);
    expect(answers).toEqual([
      { ok: false, code: "INVALID" },
      { ok: false, code: "INVALID" },
      { ok: false, code: "INVALID" },
    ]);
    // ...while the audit trail records the real reason for whoever investigates.
    const codes = (await t.db.auditEntry.findMany({ where: { outcome: "REFUSED" }, select: { code: true } })).map((e) => e.code).sort();
    expect(codes).toEqual(["DISABLED", "UNKNOWN_EMAIL", "WRONG_PASSWORD"]);
  });

  it("answers garbage as a plain failure", async () => {
    for (const raw of [null, "x", { email: 1, password: 2 }, { email: "a@b.test", password: "x".repeat(5000) }]) {
      expect(await verifyStaffCredentials(t.db, raw, meta("203.0.113.9"), now)).toEqual({ ok: false, code: "INVALID" });
    }
  });

  it("locks an email after five failures, even with the right password, then lets it expire", async () => {
    for (let i = 0; i < 5; i++) {
      await verifyStaffCredentials(t.db, { email: "locked@console.test", password: `guess-${i}` }, meta(`192.0.2.${i}`), later(i));
    }
    const locked = await verifyStaffCredentials(t.db, { email: "locked@console.test", password: "correct horse battery" }, meta("192.0.2.99"), later(5));
    expect(locked).toMatchObject({ ok: false, code: "LOCKED" });
    const afterLock = await verifyStaffCredentials(t.db, { email: "locked@console.test", password: "correct horse battery" }, meta("192.0.2.99"), later(20));
    expect(afterLock).toMatchObject({ ok: true });
  });

  it("locks an IP that tries many emails", async () => {
    for (let i = 0; i < 20; i++) {
      await verifyStaffCredentials(t.db, { email: `spray-${i}@console.test`, password: "x" }, meta("203.0.113.50"), now);
    }
    const result = await verifyStaffCredentials(t.db, { email: "agent@console.test", password: "correct horse battery" }, meta("203.0.113.50"), now);
    expect(result).toMatchObject({ ok: false, code: "LOCKED" });
  });
});
