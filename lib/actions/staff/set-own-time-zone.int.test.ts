// The time-zone preference against a real, migrated database: every signed-in role may
// set its own, nobody else's; garbage and unknown zones are refused with a clear
// message and leave the stored zone alone; each outcome is audited.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { unchecked } from "@/lib/actions/define-action";
import { getDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { callAs } from "@/lib/testing/action-harness";
import { setOwnTimeZoneAction } from "./set-own-time-zone";

vi.mock("@/lib/auth/auth", async () => (await import("@/lib/testing/action-harness")).perCallAuthMock);
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.9", "user-agent": "time-zone-test" })),
}));

let t: TestDatabase;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  await getDb().$disconnect();
  await t?.drop();
});

async function staff(role: StaffRole, disabled = false) {
  seq += 1;
  return t.db.staffUser.create({
    data: { email: `tz-${role.toLowerCase()}-${seq}@staff.example.test`, name: `${role} ${seq}`, role, disabledAt: disabled ? new Date() : null },
    select: { id: true },
  });
}

const zoneOf = async (id: string) => (await t.db.staffUser.findUniqueOrThrow({ where: { id }, select: { timeZone: true } })).timeZone;
const lastAudit = () => t.db.auditEntry.findFirstOrThrow({ where: { action: "staff.set_time_zone" }, orderBy: { id: "desc" } });

describe("setOwnTimeZoneAction", () => {
  it("starts every staff member at UTC", async () => {
    const agent = await staff("AGENT");
    expect(await zoneOf(agent.id)).toBe("UTC");
  });

  it.each(["AGENT", "LEAD", "ADMIN"] as const)("lets a %s set their own zone, audited with the old and new zone", async (role) => {
    const me = await staff(role);
    const other = await staff("AGENT");
    const result = await callAs(me.id, setOwnTimeZoneAction, { timeZone: "Europe/Paris" });
    expect(result).toEqual({ ok: true, data: { timeZone: "Europe/Paris" } });
    expect(await zoneOf(me.id)).toBe("Europe/Paris");
    // The input names no staff user: nobody else's zone can change.
    expect(await zoneOf(other.id)).toBe("UTC");
    expect(await lastAudit()).toMatchObject({
      actorId: me.id,
      outcome: "DONE",
      detail: { staffUserId: me.id, timeZone: "Europe/Paris", previousTimeZone: "UTC" },
    });
    // Back to the default.
    expect(await callAs(me.id, setOwnTimeZoneAction, { timeZone: "UTC" })).toMatchObject({ ok: true, data: { timeZone: "UTC" } });
    expect(await zoneOf(me.id)).toBe("UTC");
  });

  it("ignores a staff user id smuggled into the input", async () => {
    const me = await staff("AGENT");
    const victim = await staff("ADMIN");
    const result = await unchecked(setOwnTimeZoneAction)({ timeZone: "Asia/Tokyo", staffUserId: victim.id });
    // Anonymous here (callAs not used): refused before anything is read.
    expect(result).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await callAs(me.id, setOwnTimeZoneAction, { timeZone: "Asia/Tokyo", staffUserId: victim.id });
    expect(await zoneOf(me.id)).toBe("Asia/Tokyo");
    expect(await zoneOf(victim.id)).toBe("UTC");
  });

  it("refuses an unknown zone with a message naming it, and keeps the stored one", async () => {
    const me = await staff("AGENT");
    await callAs(me.id, setOwnTimeZoneAction, { timeZone: "America/Chicago" });
    for (const timeZone of ["Mars/Olympus_Mons", "europe/paris", "UTC+2", "<script>", "Europe/Paris'; DROP TABLE staff_users; --"]) {
      const result = await callAs(me.id, setOwnTimeZoneAction, { timeZone });
      expect(result, timeZone).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      if (result.ok) continue;
      expect(result.fieldErrors?.timeZone?.[0], timeZone).toContain("is not a time zone we know");
    }
    expect(await zoneOf(me.id)).toBe("America/Chicago");
    expect(await lastAudit()).toMatchObject({ actorId: me.id, outcome: "REFUSED", code: "INVALID_INPUT", detail: { fields: ["timeZone"] } });
  });

  it("refuses garbage input without changing anything", async () => {
    const me = await staff("LEAD");
    for (const garbage of [
      null,
      undefined,
      42,
      "Europe/Paris",
      [],
      {},
      { timeZone: 3 },
      { timeZone: "x".repeat(10_000) },
      { timeZone: ["UTC"] },
      { timeZone: "" },
    ]) {
      const result = await callAs(me.id, setOwnTimeZoneAction, garbage);
      expect(result, JSON.stringify(garbage)?.slice(0, 40)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
    expect(await zoneOf(me.id)).toBe("UTC");
  });

  it("refuses anonymous and disabled callers, audited", async () => {
    const disabled = await staff("ADMIN", true);
    expect(await callAs(null, setOwnTimeZoneAction, { timeZone: "Europe/Paris" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await callAs(disabled.id, setOwnTimeZoneAction, { timeZone: "Europe/Paris" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await zoneOf(disabled.id)).toBe("UTC");
    expect(await lastAudit()).toMatchObject({ outcome: "REFUSED", code: "UNAUTHENTICATED" });
  });
});
