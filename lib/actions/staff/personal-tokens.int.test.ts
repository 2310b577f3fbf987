// Personal access tokens from the settings page: created for oneself only (the secret in
// the answer once, the hash in the row, name and prefix in the audit entry), expiry capped
// at 90 days, revoked by the owner or an admin, and someone else's token is "not found" to
// anyone else.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { hashPersonalToken } from "@/lib/staff-api/tokens";
import { callAs } from "@/lib/testing/action-harness";
import { createPersonalTokenAction } from "./create-personal-token";
import { revokePersonalTokenAction } from "./revoke-personal-token";

vi.mock("@/lib/auth/auth", async () => (await import("@/lib/testing/action-harness")).perCallAuthMock);
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.9" })) }));

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

async function staff(role: StaffRole) {
  seq += 1;
  return (await t.db.staffUser.create({ data: { email: `pat-${seq}@staff.test`, name: `PAT ${seq}`, role }, select: { id: true } })).id;
}

describe("personal access tokens", () => {
  it("creates a token for its owner: the secret once, only its hash stored, the audit entry with name and prefix", async () => {
    const agent = await staff("AGENT");
    const result = await callAs(agent, createPersonalTokenAction, { name: "Zendesk", scopes: ["read", "act"], expiresInDays: 90 });
    if (!result.ok) throw new Error(result.message);
    const row = await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row).toMatchObject({ staffId: agent, tokenHash: hashPersonalToken(result.data.token), tokenPrefix: result.data.prefix, scopes: ["read", "act"] });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "staff.create_token", actorId: agent } });
    expect(entry.detail).toMatchObject({ tokenName: "Zendesk", tokenPrefix: result.data.prefix });
    expect(JSON.stringify(entry.detail)).not.toContain(result.data.token);
  });

  it("refuses an expiry over 90 days and a token without scopes", async () => {
    const agent = await staff("AGENT");
    const tooLong = await callAs(agent, createPersonalTokenAction, { name: "x", scopes: ["read"], expiresInDays: 91 });
    expect(tooLong).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { expiresInDays: ["A token lasts at most 90 days."] } });
    expect(await callAs(agent, createPersonalTokenAction, { name: "x", scopes: [], expiresInDays: 5 })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });

  it("lets the owner and an admin revoke, and nobody else", async () => {
    const owner = await staff("AGENT");
    const other = await staff("LEAD");
    const admin = await staff("ADMIN");
    const create = async () => {
      const r = await callAs(owner, createPersonalTokenAction, { name: "t", scopes: ["read"], expiresInDays: 1 });
      if (!r.ok) throw new Error(r.message);
      return r.data.id;
    };
    const first = await create();
    expect(await callAs(other, revokePersonalTokenAction, { tokenId: first })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await callAs(owner, revokePersonalTokenAction, { tokenId: first })).toMatchObject({ ok: true });
    expect(await callAs(owner, revokePersonalTokenAction, { tokenId: first })).toMatchObject({ ok: false, code: "CONFLICT" });
    const second = await create();
    expect(await callAs(admin, revokePersonalTokenAction, { tokenId: second })).toMatchObject({ ok: true });
    expect((await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: second } })).revokedById).toBe(admin);
  });
});
