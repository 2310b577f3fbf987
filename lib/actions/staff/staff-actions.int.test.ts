// The staff-management actions against a real, migrated database: who may call them,
// what they refuse, and that every outcome (done or refused) leaves its audit entry.
import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/model/action-result";
import { getDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { changeStaffRoleAction } from "./change-staff-role";
import { createStaffUserAction } from "./create-staff-user";
import { disableStaffUserAction } from "./disable-staff-user";
import { enableStaffUserAction } from "./enable-staff-user";
import { type ServerAction } from "@/lib/actions/define-action";
import { callAs } from "@/lib/testing/action-harness";
import { hashPassword } from "@/lib/auth/passwords";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";

// Concurrent calls by different staff users each see their own session (callAs).
vi.mock("@/lib/auth/auth", async () => (await import("@/lib/testing/action-harness")).perCallAuthMock);
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.9", "user-agent": "staff-actions-test" })),
}));

type Action = ServerAction<never, unknown>;
const as = callAs;

let t: TestDatabase;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  // The app's getDb() reads DATABASE_URL on first use, which is the first action call.
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  await getDb().$disconnect();
  await t?.drop();
});

async function staff(role: StaffRole, options: { disabled?: boolean; name?: string } = {}) {
  seq += 1;
  return t.db.staffUser.create({
    data: {
      email: `${role.toLowerCase()}-${seq}@staff.example.test`,
      name: options.name ?? `${role} ${seq}`,
      role,
      disabledAt: options.disabled ? new Date() : null,
    },
    select: { id: true, email: true, name: true, role: true },
  });
}

/** Leaves `adminId` as the only enabled admin, whatever earlier tests created. */
async function onlyEnabledAdmin(adminId: string) {
  await t.db.staffUser.updateMany({ where: { role: "ADMIN", id: { not: adminId }, disabledAt: null }, data: { disabledAt: new Date() } });
}

const snapshot = () =>
  t.db.staffUser.findMany({
    orderBy: { id: "asc" },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, createdById: true },
  });

async function auditMark(): Promise<bigint> {
  const last = await t.db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return last?.id ?? 0n;
}
const auditSince = (mark: bigint) => t.db.auditEntry.findMany({ where: { id: { gt: mark } }, orderBy: { id: "asc" } });

/** Runs `fn`, then expects exactly one new audit entry and no change to any staff user. */
async function expectRefusedWithoutChange(fn: () => Promise<ActionResult<unknown>>) {
  const before = await snapshot();
  const mark = await auditMark();
  const result = await fn();
  expect(result.ok).toBe(false);
  expect(await snapshot()).toEqual(before);
  const entries = await auditSince(mark);
  expect(entries).toHaveLength(1);
  expect(entries[0]?.outcome).toBe("REFUSED");
  return { result: result as Extract<ActionResult<unknown>, { ok: false }>, entry: entries[0]! };
}

let admin: Awaited<ReturnType<typeof staff>>;
beforeEach(async () => {
  admin = await staff("ADMIN");
});

const validCreate = () => ({ email: `new-${++seq}@staff.example.test`, name: "New Person", role: "AGENT", password: "correct horse battery" });

describe("createStaffUserAction", () => {
  it("creates the user for an admin: lower-cased email, Argon2id hash, createdBy, audit DONE", async () => {
    const mark = await auditMark();
    const result = await as(admin.id, createStaffUserAction, {
      email: "  Mixed.Case@Staff.Example.TEST ",
      name: "  Mixed Case ",
      role: "LEAD",
      password: "a long initial password",
    });
    const row = await t.db.staffUser.findUniqueOrThrow({ where: { email: "mixed.case@staff.example.test" }, omit: { passwordHash: false } });
    expect(result).toEqual({ ok: true, data: { id: row.id, email: "mixed.case@staff.example.test", name: "Mixed Case", role: "LEAD" } });
    expect(row).toMatchObject({ name: "Mixed Case", role: "LEAD", createdById: admin.id, disabledAt: null });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(row.passwordHash!, "a long initial password")).toBe(true);
    const entries = await auditSince(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "staff.create",
      outcome: "DONE",
      actorId: admin.id,
      ip: "203.0.113.9",
      userAgent: "staff-actions-test",
      detail: { staffUserId: row.id, email: row.email, role: "LEAD" },
    });
    expect(JSON.stringify(entries[0]?.detail)).not.toContain("password");
  });

  it("accepts FormData from a form post", async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries(validCreate())) form.set(key, value);
    form.set("$ACTION_ID_abc", "");
    const result = await as(admin.id, createStaffUserAction, form);
    expect(result.ok).toBe(true);
  });

  it("refuses a duplicate email, whatever its case, with CONFLICT", async () => {
    const existing = await staff("AGENT");
    const { result, entry } = await expectRefusedWithoutChange(() =>
      as(admin.id, createStaffUserAction, { ...validCreate(), email: existing.email.toUpperCase() }),
    );
    expect(result).toEqual({ ok: false, code: "CONFLICT", message: "A staff user with this email already exists." });
    expect(entry).toMatchObject({ action: "staff.create", code: "DUPLICATE_EMAIL", actorId: admin.id });
  });

  it("answers CONFLICT (never INTERNAL) when the same email is created concurrently", async () => {
    const input = validCreate();
    const results = await Promise.all(Array.from({ length: 4 }, () => as(admin.id, createStaffUserAction, input)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.code))).toEqual(["CONFLICT", "CONFLICT", "CONFLICT"]);
    expect(await t.db.staffUser.count({ where: { email: input.email } })).toBe(1);
  });
});

describe("changeStaffRoleAction", () => {
  it("changes a role for an admin and audits from/to", async () => {
    const agent = await staff("AGENT");
    const mark = await auditMark();
    const result = await as(admin.id, changeStaffRoleAction, { staffUserId: agent.id, role: "LEAD" });
    expect(result).toEqual({ ok: true, data: { id: agent.id, role: "LEAD" } });
    expect((await t.db.staffUser.findUniqueOrThrow({ where: { id: agent.id } })).role).toBe("LEAD");
    const entries = await auditSince(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "staff.change_role",
      outcome: "DONE",
      actorId: admin.id,
      detail: { staffUserId: agent.id, email: agent.email, from: "AGENT", to: "LEAD" },
    });
  });

  it("refuses when nothing would change", async () => {
    const lead = await staff("LEAD");
    const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, changeStaffRoleAction, { staffUserId: lead.id, role: "LEAD" }));
    expect(result.code).toBe("REFUSED");
    expect(result.message).toContain("already Team lead");
    expect(entry.code).toBe("UNCHANGED");
  });

  it("answers NOT_FOUND for an unknown staff user", async () => {
    const { result, entry } = await expectRefusedWithoutChange(() =>
      as(admin.id, changeStaffRoleAction, { staffUserId: "c0000000000000000000000000", role: "AGENT" }),
    );
    expect(result.code).toBe("NOT_FOUND");
    expect(entry.code).toBe("STAFF_NOT_FOUND");
  });

  it("refuses to demote the only enabled admin, even by themselves", async () => {
    await onlyEnabledAdmin(admin.id);
    for (const role of ["LEAD", "AGENT"] as const) {
      const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, changeStaffRoleAction, { staffUserId: admin.id, role }));
      expect(result.code).toBe("REFUSED");
      expect(result.message).toContain("only enabled admin");
      expect(entry).toMatchObject({ action: "staff.change_role", code: "LAST_ADMIN" });
    }
  });

  it("with two admins, demoting one works and demoting the other is then refused", async () => {
    const other = await staff("ADMIN");
    await onlyEnabledAdmin(admin.id);
    await t.db.staffUser.update({ where: { id: other.id }, data: { disabledAt: null } });

    expect((await as(admin.id, changeStaffRoleAction, { staffUserId: other.id, role: "AGENT" })).ok).toBe(true);
    const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, changeStaffRoleAction, { staffUserId: admin.id, role: "AGENT" }));
    expect(result.code).toBe("REFUSED");
    expect(entry.code).toBe("LAST_ADMIN");
  });

  it("does not count a disabled admin as the other admin", async () => {
    await onlyEnabledAdmin(admin.id);
    await staff("ADMIN", { disabled: true });
    const { result } = await expectRefusedWithoutChange(() => as(admin.id, changeStaffRoleAction, { staffUserId: admin.id, role: "LEAD" }));
    expect(result.code).toBe("REFUSED");
  });

  it("lets an admin demote themselves while another admin remains", async () => {
    await staff("ADMIN");
    const result = await as(admin.id, changeStaffRoleAction, { staffUserId: admin.id, role: "LEAD" });
    expect(result.ok).toBe(true);
  });

  it("keeps one admin when two admins demote each other at the same moment", async () => {
    const other = await staff("ADMIN");
    await onlyEnabledAdmin(admin.id);
    await t.db.staffUser.update({ where: { id: other.id }, data: { disabledAt: null } });

    const [a, b] = await Promise.all([
      as(admin.id, changeStaffRoleAction, { staffUserId: other.id, role: "AGENT" }),
      as(other.id, changeStaffRoleAction, { staffUserId: admin.id, role: "AGENT" }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    // The loser was either refused as the last admin or, if the winner demoted it
    // first, lost its permission before its own attempt was authorised.
    const loser = a.ok ? b : a;
    expect(loser.ok ? null : loser.code).toMatch(/^(REFUSED|FORBIDDEN)$/);
    expect(await t.db.staffUser.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
  });
});

describe("disableStaffUserAction and enableStaffUserAction", () => {
  it("disables a user, who then loses access at once; enabling restores it", async () => {
    const lead = await staff("LEAD");
    let mark = await auditMark();
    const disabled = await as(admin.id, disableStaffUserAction, { staffUserId: lead.id });
    const disabledAt = (await t.db.staffUser.findUniqueOrThrow({ where: { id: lead.id } })).disabledAt;
    expect(disabledAt).not.toBeNull();
    expect(disabled).toEqual({ ok: true, data: { id: lead.id, disabledAt: disabledAt?.toISOString() } });
    expect(await auditSince(mark)).toMatchObject([
      { action: "staff.disable", outcome: "DONE", actorId: admin.id, detail: { staffUserId: lead.id, email: lead.email, role: "LEAD" } },
    ]);

    const asDisabled = await as(lead.id, createStaffUserAction, validCreate());
    expect(asDisabled.ok ? null : asDisabled.code).toBe("UNAUTHENTICATED");

    mark = await auditMark();
    const enabled = await as(admin.id, enableStaffUserAction, { staffUserId: lead.id });
    expect(enabled).toEqual({ ok: true, data: { id: lead.id } });
    expect((await t.db.staffUser.findUniqueOrThrow({ where: { id: lead.id } })).disabledAt).toBeNull();
    expect(await auditSince(mark)).toMatchObject([{ action: "staff.enable", outcome: "DONE", actorId: admin.id, detail: { staffUserId: lead.id } }]);
  });

  it("refuses to disable an already disabled user, or enable an enabled one", async () => {
    const off = await staff("AGENT", { disabled: true });
    const on = await staff("AGENT");
    const a = await expectRefusedWithoutChange(() => as(admin.id, disableStaffUserAction, { staffUserId: off.id }));
    expect([a.result.code, a.entry.code]).toEqual(["REFUSED", "UNCHANGED"]);
    const b = await expectRefusedWithoutChange(() => as(admin.id, enableStaffUserAction, { staffUserId: on.id }));
    expect([b.result.code, b.entry.code]).toEqual(["REFUSED", "UNCHANGED"]);
  });

  it("refuses to re-enable a demo sign-in that still has its published password outside a demo, and enables it once changed", async () => {
    const demo = DEMO_STAFF.find((d) => d.role === "LEAD");
    if (!demo) throw new Error("no demo lead");
    const user = await t.db.staffUser.create({
      data: { email: demo.email, name: demo.name, role: "LEAD", passwordHash: await hashPassword(demo.password), disabledAt: new Date() },
      select: { id: true },
    });
    const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, enableStaffUserAction, { staffUserId: user.id }));
    expect(result.code).toBe("REFUSED");
    expect(result.message).toContain("password is published in the README");
    expect(entry).toMatchObject({ action: "staff.enable", code: "DEMO_STAFF" });
    await t.db.staffUser.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("a-real-password-nobody-published") } });
    expect(await as(admin.id, enableStaffUserAction, { staffUserId: user.id })).toEqual({ ok: true, data: { id: user.id } });
  });

  it("refuses to disable yourself and says to ask another admin", async () => {
    await staff("ADMIN");
    const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, disableStaffUserAction, { staffUserId: admin.id }));
    expect(result).toEqual({ ok: false, code: "REFUSED", message: "You cannot disable your own account. Ask another admin to do it." });
    expect(entry).toMatchObject({ action: "staff.disable", code: "SELF" });
  });

  it("refuses to disable the only enabled admin", async () => {
    await onlyEnabledAdmin(admin.id);
    const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, disableStaffUserAction, { staffUserId: admin.id }));
    expect(result.code).toBe("REFUSED");
    expect(result.message).toContain("only enabled admin");
    expect(entry.code).toBe("LAST_ADMIN");
  });

  it("answers NOT_FOUND for an unknown staff user", async () => {
    for (const action of [disableStaffUserAction, enableStaffUserAction]) {
      const { result } = await expectRefusedWithoutChange(() => as(admin.id, action, { staffUserId: "nobody" }));
      expect(result.code).toBe("NOT_FOUND");
    }
  });
});

describe("who may call the staff actions", () => {
  const cases: { name: string; action: Action; audit: string; input: (targetId: string) => unknown }[] = [
    { name: "create", action: createStaffUserAction, audit: "staff.create", input: () => validCreate() },
    { name: "change role", action: changeStaffRoleAction, audit: "staff.change_role", input: (id) => ({ staffUserId: id, role: "ADMIN" }) },
    { name: "disable", action: disableStaffUserAction, audit: "staff.disable", input: (id) => ({ staffUserId: id }) },
    { name: "enable", action: enableStaffUserAction, audit: "staff.enable", input: (id) => ({ staffUserId: id }) },
  ];

  for (const c of cases) {
    for (const role of ["AGENT", "LEAD"] as const) {
      it(`${c.name}: FORBIDDEN for ${role.toLowerCase()}, audited, nothing changed`, async () => {
        const actor = await staff(role);
        const target = await staff("AGENT", { disabled: c.name === "enable" });
        const { result, entry } = await expectRefusedWithoutChange(() => as(actor.id, c.action, c.input(target.id)));
        expect(result.code).toBe("FORBIDDEN");
        expect(entry).toMatchObject({ action: c.audit, actorId: actor.id, code: "FORBIDDEN", reason: "needs staff.manage" });
      });
    }

    it(`${c.name}: UNAUTHENTICATED when not signed in, audited, nothing changed`, async () => {
      const target = await staff("AGENT", { disabled: c.name === "enable" });
      const { result, entry } = await expectRefusedWithoutChange(() => as(null, c.action, c.input(target.id)));
      expect(result.code).toBe("UNAUTHENTICATED");
      expect(entry).toMatchObject({ action: c.audit, actorId: null, code: "UNAUTHENTICATED" });
    });

    it(`${c.name}: UNAUTHENTICATED for a disabled admin, audited, nothing changed`, async () => {
      const disabledAdmin = await staff("ADMIN", { disabled: true });
      const target = await staff("AGENT", { disabled: c.name === "enable" });
      const { result, entry } = await expectRefusedWithoutChange(() => as(disabledAdmin.id, c.action, c.input(target.id)));
      expect(result.code).toBe("UNAUTHENTICATED");
      expect(entry).toMatchObject({ action: c.audit, code: "UNAUTHENTICATED" });
    });
  }
});

describe("garbage input answers INVALID_INPUT with field errors and changes nothing", () => {
  const long = "x".repeat(10_000);
  const create = validCreate();
  const createCases: [string, unknown, string[]][] = [
    ["null", null, ["_"]],
    ["a string", "hello", ["_"]],
    ["an array", [create], ["_"]],
    ["no fields", {}, ["email", "name", "role", "password"]],
    ["wrong types", { email: 1, name: true, role: 3, password: { length: 20 } }, ["email", "name", "role", "password"]],
    ["10,000-character strings", { email: `${long}@example.test`, name: long, role: long, password: long }, ["email", "name", "role", "password"]],
    ["an invalid email", { ...create, email: "not an email" }, ["email"]],
    ["a blank name", { ...create, name: "   " }, ["name"]],
    ["a short password", { ...create, password: "short" }, ["password"]],
    ["an unknown role", { ...create, role: "SUPERADMIN" }, ["role"]],
    ["a lower-case role", { ...create, role: "admin" }, ["role"]],
  ];
  for (const [label, input, fields] of createCases) {
    it(`create: ${label}`, async () => {
      const { result, entry } = await expectRefusedWithoutChange(() => as(admin.id, createStaffUserAction, input));
      expect(result.code).toBe("INVALID_INPUT");
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([...fields].sort());
      expect(entry).toMatchObject({ action: "staff.create", code: "INVALID_INPUT" });
    });
  }

  const idCases: [string, unknown, string[]][] = [
    ["undefined", undefined, ["_"]],
    ["no id", {}, ["staffUserId"]],
    ["a numeric id", { staffUserId: 42 }, ["staffUserId"]],
    ["an object id", { staffUserId: { not: "" } }, ["staffUserId"]],
    ["a 10,000-character id", { staffUserId: long }, ["staffUserId"]],
    ["a blank id", { staffUserId: "  " }, ["staffUserId"]],
  ];
  for (const [name, action] of [
    ["disable", disableStaffUserAction],
    ["enable", enableStaffUserAction],
  ] as const) {
    for (const [label, input, fields] of idCases) {
      it(`${name}: ${label}`, async () => {
        const { result } = await expectRefusedWithoutChange(() => as(admin.id, action, input));
        expect(result.code).toBe("INVALID_INPUT");
        expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(fields);
      });
    }
  }

  const roleCases: [string, (id: string) => unknown, string[]][] = [
    ["no fields", () => ({}), ["role", "staffUserId"]],
    ["a numeric id", () => ({ staffUserId: 7, role: "AGENT" }), ["staffUserId"]],
    ["an unknown role", (id) => ({ staffUserId: id, role: "OWNER" }), ["role"]],
    ["a 10,000-character role", (id) => ({ staffUserId: id, role: long }), ["role"]],
    ["a role array", (id) => ({ staffUserId: id, role: ["ADMIN"] }), ["role"]],
  ];
  for (const [label, input, fields] of roleCases) {
    it(`change role: ${label}`, async () => {
      const agent = await staff("AGENT");
      const { result } = await expectRefusedWithoutChange(() => as(admin.id, changeStaffRoleAction, input(agent.id)));
      expect(result.code).toBe("INVALID_INPUT");
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(fields);
    });
  }
});
