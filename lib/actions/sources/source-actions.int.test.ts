// The event-source actions against a real database: the token is answered once and only
// its hash is kept, rotation keeps the old token for its grace period, revocation ends
// every token, and no audit entry ever holds a token or its hash.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/model/action-result";
import { getDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { authenticateSource } from "@/lib/platform/sources/authenticate";
import { hashSourceToken } from "@/lib/platform/sources/tokens";
import { callAs } from "@/lib/testing/action-harness";
import { createSourceAction } from "./create-source";
import { revokeSourceAction } from "./revoke-source";
import { rotateSourceAction } from "./rotate-source";
import { updateSourceAction } from "./update-source";

vi.mock("@/lib/auth/auth", async () => (await import("@/lib/testing/action-harness")).perCallAuthMock);
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.10", "user-agent": "source-actions-test" })),
}));

let t: TestDatabase;
const staff: Partial<Record<StaffRole, string>> = {};
const issuedTokens: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  for (const role of ["AGENT", "LEAD", "ADMIN"] as const) {
    staff[role] = (await t.db.staffUser.create({ data: { email: `${role.toLowerCase()}@sources.test`, name: role, role } })).id;
  }
});
afterAll(async () => {
  await getDb().$disconnect();
  await t?.drop();
});

function ok<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.data;
}

const admin = () => staff.ADMIN ?? "";
const lastAudit = () => t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
const auth = (token: string, at = new Date(), scope: "ingest" | "redeem" = "ingest") => authenticateSource(t.db, `Bearer ${token}`, scope, at);

async function create(name: string, extra: Record<string, unknown> = {}) {
  const data = ok(await callAs(admin(), createSourceAction, { name, scopes: ["ingest"], ...extra }));
  issuedTokens.push(data.token);
  return data;
}

describe("create", () => {
  it("answers the token once and keeps only its hash and prefix", async () => {
    const created = await create("platform-prod", {
      scopes: ["redeem", "ingest"],
      allowedTypes: "account.created, login.attempted",
      maxEventsPerSecond: "500",
    });
    expect(created.token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.tokenPrefix)).toBe(true);
    const row = await t.db.eventSource.findUniqueOrThrow({ where: { name: "platform-prod" } });
    expect(row).toMatchObject({
      tokenHash: hashSourceToken(created.token),
      tokenPrefix: created.tokenPrefix,
      scopes: ["ingest", "redeem"],
      allowedTypes: ["account.created", "login.attempted"],
      maxEventsPerSecond: 500,
      createdById: admin(),
    });
    const stored = JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(stored).not.toContain(created.token);
    expect(await auth(created.token)).toMatchObject({ ok: true, source: { name: "platform-prod" } });
    expect(await lastAudit()).toMatchObject({ action: "source.create", outcome: "DONE", actorId: admin(), detail: { name: "platform-prod" } });
  });

  it("refuses a name in use, and names, scopes and types of the wrong shape", async () => {
    await create("taken");
    expect(await callAs(admin(), createSourceAction, { name: "taken", scopes: ["ingest"] })).toMatchObject({ ok: false, code: "CONFLICT" });
    const bad = [
      { name: "Platform Prod", scopes: ["ingest"] },
      { name: "x", scopes: ["ingest"] },
      { name: "ok-name", scopes: [] },
      { name: "ok-name", scopes: ["admin"] },
      { name: "ok-name", scopes: ["ingest"], allowedTypes: "Account.Created" },
      { name: "ok-name", scopes: ["ingest"], allowedTypes: ["a".repeat(65)] },
      { name: "ok-name", scopes: ["ingest"], allowedTypes: "account.created; DROP TABLE" },
      { name: "ok-name", scopes: ["ingest"], allowedTypes: "account.creatd" },
      { name: "ok-name", scopes: ["ingest"], maxEventsPerSecond: 0 },
    ];
    for (const input of bad) {
      expect(await callAs(admin(), createSourceAction, input), JSON.stringify(input)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
    expect(await t.db.eventSource.count({ where: { name: "ok-name" } })).toBe(0);
  });

  it("is refused to agents and team leads, and audited", async () => {
    for (const role of ["AGENT", "LEAD"] as const) {
      expect(await callAs(staff[role] ?? "", createSourceAction, { name: `by-${role.toLowerCase()}`, scopes: ["ingest"] })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
      });
      expect(await lastAudit()).toMatchObject({ action: "source.create", outcome: "REFUSED", code: "FORBIDDEN", actorId: staff[role] });
    }
    expect(await t.db.eventSource.count({ where: { name: { startsWith: "by-" } } })).toBe(0);
  });
});

describe("rotate", () => {
  it("issues a new token and keeps the old one working until the grace period ends", async () => {
    const first = await create("rotating");
    const before = Date.now();
    const rotated = ok(await callAs(admin(), rotateSourceAction, { sourceId: first.id, graceHours: "2" }));
    issuedTokens.push(rotated.token);
    expect(rotated.token).not.toBe(first.token);
    const expires = new Date(rotated.previousTokenExpiresAt ?? 0).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(2 * 3_600_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(2 * 3_600_000 + 5000);

    expect(await auth(rotated.token)).toMatchObject({ ok: true });
    expect(await auth(first.token)).toMatchObject({ ok: true });
    expect(await auth(first.token, new Date(expires - 1))).toMatchObject({ ok: true });
    expect(await auth(first.token, new Date(expires + 1))).toMatchObject({ ok: false, status: 401 });
    expect(await auth(rotated.token, new Date(expires + 1))).toMatchObject({ ok: true });

    const row = await t.db.eventSource.findUniqueOrThrow({ where: { id: first.id } });
    expect(row).toMatchObject({ tokenPrefix: rotated.tokenPrefix, previousTokenPrefix: first.tokenPrefix });
    expect(row.rotatedAt).toBeInstanceOf(Date);
    expect(await lastAudit()).toMatchObject({ action: "source.rotate", outcome: "DONE", detail: { graceHours: 2, previousTokenPrefix: first.tokenPrefix } });
  });

  it("defaults to 24 hours of grace, and with 0 the old token stops at once", async () => {
    const source = await create("rotating-default");
    const defaulted = ok(await callAs(admin(), rotateSourceAction, { sourceId: source.id }));
    issuedTokens.push(defaulted.token);
    const grace = new Date(defaulted.previousTokenExpiresAt ?? 0).getTime() - Date.now();
    expect(Math.abs(grace - 24 * 3_600_000)).toBeLessThan(10_000);

    const immediate = ok(await callAs(admin(), rotateSourceAction, { sourceId: source.id, graceHours: 0 }));
    issuedTokens.push(immediate.token);
    expect(immediate.previousTokenExpiresAt).toBeNull();
    expect(await auth(defaulted.token)).toMatchObject({ ok: false, status: 401 });
    // The token before it, which was in its grace period, is gone too.
    expect(await auth(source.token)).toMatchObject({ ok: false, status: 401 });
    expect(await auth(immediate.token)).toMatchObject({ ok: true });
  });

  it("refuses a grace period over a week and an unknown source", async () => {
    const source = await create("rotating-bad");
    expect(await callAs(admin(), rotateSourceAction, { sourceId: source.id, graceHours: 169 })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await callAs(admin(), rotateSourceAction, { sourceId: 999_999 })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("revoke", () => {
  it("ends the current token and the one in its grace period, for good", async () => {
    const source = await create("revoked-one");
    const rotated = ok(await callAs(admin(), rotateSourceAction, { sourceId: source.id, graceHours: 24 }));
    issuedTokens.push(rotated.token);
    ok(await callAs(admin(), revokeSourceAction, { sourceId: source.id }));
    expect(await auth(source.token)).toMatchObject({ ok: false, status: 401 });
    expect(await auth(rotated.token)).toMatchObject({ ok: false, status: 401 });
    expect(await lastAudit()).toMatchObject({ action: "source.revoke", outcome: "DONE", detail: { name: "revoked-one" } });

    expect(await callAs(admin(), revokeSourceAction, { sourceId: source.id })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await callAs(admin(), rotateSourceAction, { sourceId: source.id })).toMatchObject({ ok: false, code: "REFUSED" });
    expect(await callAs(admin(), updateSourceAction, { sourceId: source.id, scopes: ["ingest"], allowedTypes: "" })).toMatchObject({
      ok: false,
      code: "REFUSED",
    });
  });
});

describe("update", () => {
  it("changes scopes and allowed types, and says what changed", async () => {
    const source = await create("typed");
    ok(await callAs(admin(), updateSourceAction, { sourceId: source.id, scopes: ["redeem"], allowedTypes: "login.attempted\naccount.updated" }));
    expect(await t.db.eventSource.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({
      scopes: ["redeem"],
      allowedTypes: ["account.updated", "login.attempted"],
    });
    expect(await auth(source.token, new Date(), "ingest")).toMatchObject({ ok: false, status: 403 });
    expect(await auth(source.token, new Date(), "redeem")).toMatchObject({ ok: true });
    expect(await lastAudit()).toMatchObject({
      action: "source.update",
      detail: { before: { scopes: ["ingest"], allowedTypes: [] }, after: { scopes: ["redeem"], allowedTypes: ["account.updated", "login.attempted"] } },
    });
    expect(await callAs(admin(), updateSourceAction, { sourceId: source.id, scopes: [], allowedTypes: "" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
  });
});

describe("the audit trail", () => {
  it("never holds a source token or its hash", async () => {
    const entries = await t.db.auditEntry.findMany({ where: { action: { startsWith: "source." } } });
    expect(entries.length).toBeGreaterThan(8);
    const text = JSON.stringify(entries, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(issuedTokens.length).toBeGreaterThan(8);
    for (const token of issuedTokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(hashSourceToken(token));
    }
  });
});
