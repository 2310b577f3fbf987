// Walks every server action in lib/actions for every kind of caller. A new action that
// is not built through defineAction, or whose permission is not in the map, fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLE_PERMISSIONS, ROLES } from "@/lib/auth/permissions";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { actAs, authMock, headersMock } from "@/lib/testing/action-harness";
import { getActionSpec, type UncheckedAction } from "./define-action";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);

const ACTIONS_DIR = path.resolve(import.meta.dirname);

function serverActionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return serverActionFiles(file);
    if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name)) return [];
    return /^\s*["']use server["']/.test(readFileSync(file, "utf8")) ? [file] : [];
  });
}

interface Found {
  file: string;
  name: string;
  action: UncheckedAction<unknown>;
}

let t: TestDatabase;
const found: Found[] = [];
const staff: Record<StaffRole | "DISABLED", string> = { AGENT: "", LEAD: "", ADMIN: "", DISABLED: "" };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  for (const role of ROLES) {
    const user = await t.db.staffUser.create({ data: { email: `${role.toLowerCase()}@matrix.test`, name: role, role } });
    staff[role] = user.id;
  }
  const disabled = await t.db.staffUser.create({ data: { email: "disabled@matrix.test", name: "Disabled admin", role: "ADMIN", disabledAt: new Date() } });
  staff.DISABLED = disabled.id;
  for (const file of serverActionFiles(ACTIONS_DIR)) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) found.push({ file: path.relative(ACTIONS_DIR, file), name, action: value as UncheckedAction<unknown> });
  }
});

afterAll(async () => {
  await t?.drop();
});

async function auditCount(): Promise<number> {
  return t.db.auditEntry.count();
}

// Input no action accepts: every action needs at least one field.
const GARBAGE_PAYLOADS: unknown[] = [
  null,
  undefined,
  42,
  "DROP TABLE accounts",
  [],
  {},
  { accountId: "x".repeat(10_000), staffUserId: { $ne: null }, email: 12, role: "ROOT", ticketRef: ["a"] },
];

describe("authorisation matrix over every server action", () => {
  it("finds the actions, and each one is built through defineAction", () => {
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(getActionSpec(f.action), `${f.file} exports ${f.name} without defineAction`).toBeDefined();
    }
  });

  it("refuses anonymous and disabled callers, and audits each refusal", async () => {
    for (const f of found) {
      for (const caller of [null, staff.DISABLED]) {
        actAs(caller);
        const before = await auditCount();
        const result = await f.action({});
        expect(result, `${f.name} for ${caller ? "a disabled admin" : "an anonymous caller"}`).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
        expect(await auditCount()).toBe(before + 1);
      }
    }
  });

  it("lets each role through exactly the actions its permissions allow", async () => {
    for (const f of found) {
      const spec = getActionSpec(f.action);
      for (const role of ROLES) {
        actAs(staff[role]);
        const before = await auditCount();
        // Empty input: allowed roles get past authorisation and stop at validation.
        const result = await f.action({});
        const allowed = spec ? ROLE_PERMISSIONS[role].includes(spec.permission) : false;
        expect(result, `${f.name} for ${role}`).toMatchObject({ ok: false, code: allowed ? "INVALID_INPUT" : "FORBIDDEN" });
        const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
        expect(await auditCount()).toBe(before + 1);
        expect(entry).toMatchObject({ actorId: staff[role], outcome: "REFUSED", code: allowed ? "INVALID_INPUT" : "FORBIDDEN" });
      }
    }
  });

  it("answers garbage with a validation error and changes nothing", async () => {
    actAs(staff.ADMIN);
    const tables = () => Promise.all([t.db.staffUser.count(), t.db.emailOutbox.count(), t.db.passwordResetToken.count(), t.db.account.count()]);
    const before = await tables();
    for (const f of found) {
      for (const payload of GARBAGE_PAYLOADS) {
        const result = await f.action(payload);
        expect(result, `${f.name} with ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      }
    }
    expect(await tables()).toEqual(before);
  });
});
