import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { actAs, authMock, headersMock, navigationMock } from "@/lib/testing/action-harness";
import { disableStaffUserAction } from "@/lib/actions/staff/disable-staff-user";
import { enableStaffUserAction } from "@/lib/actions/staff/enable-staff-user";
import { requireStaff } from "./current-staff";
import { signOutAction } from "./sign-in-actions";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);
vi.mock("next/navigation", () => navigationMock);

let t: TestDatabase;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  for (const [key, data] of Object.entries({
    agent: { email: "agent@guard.test", name: "Agent", role: "AGENT" as const },
    admin: { email: "admin@guard.test", name: "Admin", role: "ADMIN" as const },
    lead: { email: "lead@guard.test", name: "Lead", role: "LEAD" as const },
  })) {
    ids[key] = (await t.db.staffUser.create({ data })).id;
  }
});
afterAll(async () => {
  await t?.drop();
});

describe("requireStaff (pages, layouts, route handlers)", () => {
  it("sends anonymous visitors to sign-in", async () => {
    actAs(null);
    await expect(requireStaff("account.view", "page:/")).rejects.toThrow("redirect:/sign-in");
  });

  it("answers 403 to a role without the permission, and audits the attempt", async () => {
    actAs(ids.agent ?? null);
    await expect(requireStaff("staff.manage", "page:/staff")).rejects.toThrow("forbidden");
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ action: "access.denied", outcome: "REFUSED", code: "FORBIDDEN", actorId: ids.agent, ip: "198.51.100.23" });
    expect(entry.detail).toEqual({ where: "page:/staff", permission: "staff.manage" });
  });

  it("reads the role from the database, so a demotion takes effect on the next request", async () => {
    actAs(ids.admin ?? null);
    await expect(requireStaff("staff.manage", "page:/staff")).resolves.toMatchObject({ role: "ADMIN" });
    await t.db.staffUser.update({ where: { id: ids.admin }, data: { role: "AGENT" } });
    await expect(requireStaff("staff.manage", "page:/staff")).rejects.toThrow("forbidden");
  });

  it("keeps a signed-out session signed out even if its cookie comes back, and leaves the user's other sessions alone", async () => {
    actAs(ids.lead ?? null, { sid: "laptop" });
    await expect(requireStaff("audit.read", "page:/audit/log")).resolves.toMatchObject({ id: ids.lead });
    await signOutAction();
    expect(await t.db.revokedStaffSession.findMany({ select: { sid: true, staffId: true } })).toEqual([{ sid: "laptop", staffId: ids.lead }]);
    // The same session again, as a late response's refreshed cookie would carry it.
    await expect(requireStaff(null, "layout:console")).rejects.toThrow("redirect:/sign-in");
    actAs(ids.lead ?? null, { sid: "phone" });
    await expect(requireStaff("audit.read", "page:/audit/log")).resolves.toMatchObject({ id: ids.lead });
  });

  it("treats a disabled staff user as signed out", async () => {
    await t.db.staffUser.update({ where: { id: ids.agent }, data: { disabledAt: new Date() } });
    actAs(ids.agent ?? null);
    await expect(requireStaff(null, "layout:console")).rejects.toThrow("redirect:/sign-in");
  });

  // Issue 19 item 9: after disable then re-enable, the session from before worked again,
  // although the staff page had said it was signed out.
  it("keeps every session from before a disable signed out after the staff user is enabled again", async () => {
    const admin = await t.db.staffUser.create({ data: { email: "admin2@guard.test", name: "Admin 2", role: "ADMIN" } });
    const lead = await t.db.staffUser.create({ data: { email: "lead2@guard.test", name: "Lead 2", role: "LEAD" } });
    const before = Date.now() / 1000 - 60;
    actAs(lead.id, { sid: "before-disable", signedInAt: before });
    await expect(requireStaff("audit.read", "page:/audit/log")).resolves.toMatchObject({ id: lead.id });

    actAs(admin.id);
    expect(await disableStaffUserAction({ staffUserId: lead.id })).toMatchObject({ ok: true });
    expect(await enableStaffUserAction({ staffUserId: lead.id })).toMatchObject({ ok: true });

    actAs(lead.id, { sid: "before-disable", signedInAt: before });
    await expect(requireStaff(null, "layout:console")).rejects.toThrow("redirect:/sign-in");
    // Signing in again (a new session, to the millisecond as auth.ts issues it) works.
    actAs(lead.id, { sid: "after-enable", signedInAt: Date.now() / 1000 });
    await expect(requireStaff("audit.read", "page:/audit/log")).resolves.toMatchObject({ id: lead.id });
  });

  // Security review: tokens without a session id were accepted, and every response
  // re-issued an 8-hour cookie, so an active session never ended.
  it("refuses a session without an id or past its absolute lifetime from sign-in", async () => {
    const hour = 3600;
    const now = Math.floor(Date.now() / 1000);
    actAs(ids.lead ?? null, { sid: null });
    await expect(requireStaff(null, "layout:console")).rejects.toThrow("redirect:/sign-in");
    actAs(ids.lead ?? null, { signedInAt: null });
    await expect(requireStaff(null, "layout:console")).rejects.toThrow("redirect:/sign-in");
    actAs(ids.lead ?? null, { sid: "desk-session", signedInAt: now - 8 * hour - 60 });
    await expect(requireStaff(null, "layout:console")).rejects.toThrow("redirect:/sign-in");
    actAs(ids.lead ?? null, { sid: "desk-session", signedInAt: now - 7 * hour });
    await expect(requireStaff(null, "layout:console")).resolves.toMatchObject({ id: ids.lead });
  });
});
