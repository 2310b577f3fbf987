import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";
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
      { email: "admin@console.test", name: "Admin", role: "ADMIN", passwordHash },
      { email: "raced@console.test", name: "Raced", role: "AGENT", passwordHash },
      { email: "renamed@console.test", name: "Renamed", role: "AGENT", passwordHash },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

describe("console sign-in", () => {
  it("accepts the right password, whatever the case of the email, and audits it", async () => {
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

  // Security review: `equals` + `mode: "insensitive"` became an unescaped ILIKE, so `_`
  // and `%` in a typed email were wildcards that matched real staff users.
  it.each(["_dmin@console.test", "a____@console.test", "%@console.test", "admin@console._est", "ADMIN@CONSOLE.TES_"])(
    "treats %s as an unknown email, never as a pattern",
    async (email) => {
      const result = await verifyStaffCredentials(t.db, { email, password: "correct horse battery" }, meta("198.51.100.77"), later(100));
      expect(result).toEqual({ ok: false, code: "INVALID" });
      const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
      // (Some variants are not even valid emails; none may resolve to a staff user.)
      expect(entry.actorId).toBeNull();
      expect(["UNKNOWN_EMAIL", "INVALID_INPUT"]).toContain(entry.code);
    },
  );

  it("keeps the stored lower-cased email in step with the email, whoever writes the row", async () => {
    const row = await t.db.staffUser.findUniqueOrThrow({ where: { email: "Agent@Console.test" }, select: { emailLower: true } });
    expect(row.emailLower).toBe("agent@console.test");
    // Two users whose emails differ only in case cannot exist: sign-in could not tell them apart.
    await expect(t.db.staffUser.create({ data: { email: "AGENT@console.test", name: "Twin" } })).rejects.toThrow();
  });

  it("lets no more than five of 20 parallel wrong passwords reach the password check", async () => {
    const at = later(200);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verifyStaffCredentials(t.db, { email: "raced@console.test", password: `guess-${i}` }, meta(`198.18.0.${i}`), at)),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    const refusals = await t.db.auditEntry.findMany({ where: { actorEmail: "raced@console.test" }, select: { code: true } });
    const checked = refusals.filter((r) => r.code === "WRONG_PASSWORD").length;
    expect(refusals).toHaveLength(20);
    expect(checked).toBe(5);
    // And the right password is locked out now too.
    expect(await verifyStaffCredentials(t.db, { email: "raced@console.test", password: "correct horse battery" }, meta("198.18.1.1"), at)).toMatchObject({
      code: "LOCKED",
    });
  });

  it("counts failures per staff user, so a changed email does not reset the count", async () => {
    const at = later(400);
    for (let i = 0; i < 5; i++) {
      await verifyStaffCredentials(t.db, { email: "renamed@console.test", password: `guess-${i}` }, meta(`198.19.0.${i}`), at);
    }
    await t.db.staffUser.update({ where: { email: "renamed@console.test" }, data: { email: "Renamed2@console.test" } });
    const result = await verifyStaffCredentials(t.db, { email: "renamed2@console.test", password: "correct horse battery" }, meta("198.19.1.1"), at);
    expect(result).toMatchObject({ ok: false, code: "LOCKED" });
  });

  it("never writes a non-email (a password typed into the email field) into the audit trail", async () => {
    await verifyStaffCredentials(t.db, { email: "hunter2-my-password", password: "x" }, meta("198.51.100.88"), later(500));
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ code: "INVALID_INPUT", actorEmail: "" });
    expect(JSON.stringify(entry, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toContain("hunter2");
  });

  it("refuses a demo email with its published password outside a demo (server database, bare next start), as any failure, audited", async () => {
    const demo = DEMO_STAFF.find((d) => d.role === "ADMIN");
    if (!demo) throw new Error("no demo admin");
    // As the demo seed makes it: enabled, with the README's password.
    await t.db.staffUser.create({ data: { email: demo.email, name: demo.name, role: "ADMIN", passwordHash: await hashPassword(demo.password) } });
    const at = later(2_000);
    const refused = await verifyStaffCredentials(t.db, { email: demo.email, password: demo.password }, meta("198.51.100.120"), at, undefined, false);
    expect(refused).toEqual({ ok: false, code: "INVALID" });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "auth.sign_in", actorEmail: demo.email }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ outcome: "REFUSED", code: "DEMO_STAFF" });
    // On the embedded demo (or with ALLOW_DEMO_STAFF=1) it is what the README promises.
    expect(
      await verifyStaffCredentials(t.db, { email: demo.email, password: demo.password }, meta("198.51.100.121"), later(2_100), undefined, true),
    ).toMatchObject({
      ok: true,
    });
  });

  it("does not lock everyone out when client addresses are unknown: no per-address limit for 'unknown', per-email limits still hold", async () => {
    const at = later(3_000);
    // 25 wrong guesses at other emails from clients the console could not place.
    for (let i = 0; i < 25; i++) {
      await verifyStaffCredentials(t.db, { email: `unplaced-${i}@console.test`, password: "x" }, meta("unknown"), at);
    }
    expect(await verifyStaffCredentials(t.db, { email: "admin@console.test", password: "correct horse battery" }, meta("unknown"), at)).toMatchObject({
      ok: true,
    });
    for (let i = 0; i < 5; i++) await verifyStaffCredentials(t.db, { email: "unplaced-target@console.test", password: `g${i}` }, meta("unknown"), at);
    expect(await verifyStaffCredentials(t.db, { email: "unplaced-target@console.test", password: "g" }, meta("unknown"), at)).toMatchObject({
      code: "LOCKED",
    });
  });

  it("audits a locked email hammered from one address once a minute, with the count, first and last time of the rest", async () => {
    const email = "hammered@console.test";
    const at = later(4_000);
    const lockedEntries = () => t.db.auditEntry.findMany({ where: { actorEmail: email, code: "LOCKED" }, orderBy: { id: "asc" } });
    for (let i = 0; i < 5; i++) await verifyStaffCredentials(t.db, { email, password: `g${i}` }, meta("203.0.113.77"), at);
    const before = await t.db.auditEntry.count();
    // 40 attempts in 20 s while locked: one entry, not 40.
    for (let i = 0; i < 40; i++) {
      const result = await verifyStaffCredentials(t.db, { email, password: `g${i}` }, meta("203.0.113.77"), new Date(at.getTime() + i * 500));
      expect(result.ok ? "ok" : result.code).toBe("LOCKED");
    }
    expect(await t.db.auditEntry.count()).toBe(before + 1);
    // Another address is another pair: its own entry.
    await verifyStaffCredentials(t.db, { email, password: "x" }, meta("203.0.113.78"), new Date(at.getTime() + 20_000));
    expect(await t.db.auditEntry.count()).toBe(before + 2);
    // A minute after the first entry, the next refusal writes one that reports the 39 in between.
    await verifyStaffCredentials(t.db, { email, password: "x" }, meta("203.0.113.77"), new Date(at.getTime() + 61_000));
    const entries = await lockedEntries();
    expect(entries.map((e) => [e.ip, e.detail])).toEqual([
      ["203.0.113.77", null],
      ["203.0.113.78", null],
      [
        "203.0.113.77",
        { repeats: 39, firstRepeatAt: new Date(at.getTime() + 500).toISOString(), lastRepeatAt: new Date(at.getTime() + 39 * 500).toISOString() },
      ],
    ]);
  });
});
