// The staff API end to end through its route handlers (as Next calls them), on a real
// database: personal tokens (disabled owner, expired, revoked, scope, role read per call),
// each endpoint, the audit entries (staff, token, ticket), the per-token rate limit and the
// one error body. Every answer is validated against the served OpenAPI document.
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx vitest run --project integration lib/staff-api
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { seedAccount } from "@/prisma/seed/factories";
import { type staffApiDocument } from "./openapi";
import { newPersonalToken } from "./tokens";

vi.mock("next/headers", () => ({ headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.9" })) }));

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
let t: TestDatabase;
let routes: Record<"search" | "account" | "signUp" | "reset" | "reminder" | "resend" | "openapi", Handler>;
let seq = 0;
const now = new Date();
const BASE = "http://console.test/api/staff/v1";

type Doc = ReturnType<typeof staffApiDocument>;
let doc: Doc;
// The document's schemas (JSON Schema 2020-12, as OpenAPI 3.1 says), compiled once: every
// answer in this file is checked against them. `strict: false`: OpenAPI's own keywords.
const ajv = new Ajv2020({ allErrors: true, strict: false });
function conforms(schemaName: string, body: unknown) {
  const validate = ajv.getSchema(`#/components/schemas/${schemaName}`) ?? ajv.compile({ $ref: `doc#/components/schemas/${schemaName}` });
  const ok = validate(body);
  expect(ok, `${schemaName}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

beforeAll(async () => {
  process.env.OUTBOX_SECRET = "staff-api-test-secret";
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  routes = {
    search: (await import("@/app/api/staff/v1/search/route")).GET,
    account: (await import("@/app/api/staff/v1/accounts/[id]/route")).GET,
    signUp: (await import("@/app/api/staff/v1/signups/[id]/route")).GET,
    reset: (await import("@/app/api/staff/v1/accounts/[id]/password-reset/route")).POST,
    reminder: (await import("@/app/api/staff/v1/accounts/[id]/username-reminder/route")).POST,
    resend: (await import("@/app/api/staff/v1/signups/[id]/confirmation-resend/route")).POST,
    openapi: async () => (await import("@/app/api/staff/v1/openapi.json/route")).GET(),
  };
  doc = (await (await routes.openapi(new Request(`${BASE}/openapi.json`))).json()) as Doc;
  ajv.addSchema(doc, "doc");
}, 120_000);
afterAll(async () => {
  await getDb().$disconnect();
  await t?.drop();
});
afterEach(() => {
  delete process.env.STAFF_API_RATE_PER_MINUTE;
});

async function staffWithToken(role: StaffRole = "AGENT", scopes = ["read", "act"], token: { expiresAt?: Date; revokedAt?: Date } = {}) {
  seq += 1;
  const staff = await t.db.staffUser.create({ data: { email: `api-${seq}@staff.test`, name: `API ${seq}`, role } });
  const pat = newPersonalToken();
  const row = await t.db.personalAccessToken.create({
    data: {
      staffId: staff.id,
      name: `zendesk ${seq}`,
      tokenHash: pat.hash,
      tokenPrefix: pat.prefix,
      scopes,
      expiresAt: token.expiresAt ?? new Date(now.getTime() + 86_400_000),
      revokedAt: token.revokedAt ?? null,
    },
  });
  return { staffId: staff.id, token: pat.token, prefix: pat.prefix, tokenId: row.id, name: row.name };
}

const get = (handler: Handler, path: string, token: string | null, params: Record<string, string> = {}) =>
  handler(new Request(`${BASE}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), { params: Promise.resolve(params) });
const post = (handler: Handler, path: string, token: string, body: unknown, params: Record<string, string>) =>
  handler(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = (await response.json()) as { error: { code: string } };
  conforms("Error", body);
  expect(body.error.code).toBe(code);
}

const account = async (scenario: "forgotten_password" | "unconfirmed" | "healthy") => {
  seq += 1;
  return seedAccount(t.db, { scenario, now, username: `${scenario.replace(/_/g, "-")}-api${seq}` });
};

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, served without a token, and names every endpoint", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/accounts/{id}",
        "/accounts/{id}/password-reset",
        "/accounts/{id}/username-reminder",
        "/openapi.json",
        "/search",
        "/signups/{id}",
        "/signups/{id}/confirmation-resend",
      ].sort(),
    );
  });

  it("is valid OpenAPI 3.1 by the specification's own schema (a real validator, not our reading of it)", async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    // The validator can fail: a document without its required `info` is refused.
    const broken = await new Validator().validate({ ...structuredClone(doc), info: undefined });
    expect(broken.valid).toBe(false);
  });
});

describe("personal access tokens", () => {
  it("refuses no token, an unknown one, an expired one, a revoked one and a disabled owner's with 401 and WWW-Authenticate", async () => {
    const expired = await staffWithToken("AGENT", ["read"], { expiresAt: new Date(now.getTime() - 1000) });
    const revoked = await staffWithToken("AGENT", ["read"], { revokedAt: now });
    const disabled = await staffWithToken("ADMIN", ["read"]);
    await t.db.staffUser.update({ where: { id: disabled.staffId }, data: { disabledAt: new Date() } });
    for (const token of [null, "acs_pat_00000000_" + "a".repeat(43), expired.token, revoked.token, disabled.token]) {
      const response = await get(routes.search, "/search?q=ada", token);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="staff-api"');
      await expectError(response, 401, "UNAUTHENTICATED");
    }
  });

  it("refuses a call outside the token's scope with 403 SCOPE_MISSING", async () => {
    const readOnly = await staffWithToken("AGENT", ["read"]);
    const actOnly = await staffWithToken("AGENT", ["act"]);
    const a = await account("forgotten_password");
    await expectError(await get(routes.search, "/search?q=ada", actOnly.token), 403, "SCOPE_MISSING");
    await expectError(
      await post(routes.reset, `/accounts/${a.accountId}/password-reset`, readOnly.token, { ticket: "ZD-1" }, { id: String(a.accountId) }),
      403,
      "SCOPE_MISSING",
    );
  });

  it("reads the owner per call, never from the token: a disable stops the token at the next call", async () => {
    const lead = await staffWithToken("LEAD", ["read"]);
    expect((await get(routes.search, "/search?q=ada", lead.token)).status).toBe(200);
    await t.db.staffUser.update({ where: { id: lead.staffId }, data: { disabledAt: new Date() } });
    await expectError(await get(routes.search, "/search?q=ada", lead.token), 401, "UNAUTHENTICATED");
  });

  it("reads the role per call, never from the token: a lead made an agent loses the lead's permissions at the next call", async () => {
    // Every endpoint today needs only an agent's permissions, so the principal the door
    // hands to a handler is where a role change shows.
    const { personalTokens } = await import("./principal");
    const lead = await staffWithToken("LEAD", ["read"]);
    const call = () => new Request("http://console.test/api/staff/v1/search?q=ada", { headers: { authorization: `Bearer ${lead.token}` } });
    const before = await personalTokens.authenticate(t.db, call(), "read", now);
    expect(before.ok && before.principal.staff).toMatchObject({ role: "LEAD", permissions: expect.arrayContaining(["audit.read"]) as unknown });
    await t.db.staffUser.update({ where: { id: lead.staffId }, data: { role: "AGENT" } });
    const after = await personalTokens.authenticate(t.db, call(), "read", now);
    expect(after.ok && after.principal.staff.role).toBe("AGENT");
    expect(after.ok && after.principal.staff.permissions).not.toContain("audit.read");
  });
});

describe("endpoints", () => {
  it("search: the search page's lookup, audited as a search naming the token and the ticket", async () => {
    const me = await staffWithToken();
    const a = await account("forgotten_password");
    const email = (await t.db.account.findUniqueOrThrow({ where: { id: a.accountId ?? 0 } })).email;
    const response = await get(routes.search, `/search?q=${encodeURIComponent(email)}&ticket=ZD-42`, me.token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { matches: { id: number; requesterRelation: string }[] };
    conforms("SearchResponse", body);
    expect(body.matches[0]).toMatchObject({ id: a.accountId, requesterRelation: "owner" });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "customer.search", actorId: me.staffId } });
    expect(entry.ticketRef).toBe("ZD-42");
    expect(entry.detail).toMatchObject({ tokenName: me.name, tokenPrefix: me.prefix, via: "token" });
    expect(JSON.stringify(entry.detail)).not.toContain(me.token);
  });

  it("search: a missing q is 400 INVALID_REQUEST naming the field", async () => {
    const me = await staffWithToken();
    const response = await get(routes.search, "/search", me.token);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("INVALID_REQUEST");
    expect(body.error.message).toMatch(/^q: /);
  });

  it("account: verdict, findings with evidence, actions, reply and emails; audited as a view with token and ticket; 404 for none", async () => {
    const me = await staffWithToken();
    const a = await account("forgotten_password");
    const id = String(a.accountId);
    const response = await get(routes.account, `/accounts/${id}?ticket=ZD-7`, me.token, { id });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { findings: { evidence: unknown[] }[]; reply: string; actions: { recommended: { action: string }[] } };
    conforms("AccountResponse", body);
    expect(body.findings.length).toBeGreaterThan(0);
    expect(body.reply.length).toBeGreaterThan(0);
    expect(body.actions.recommended.map((r) => r.action)).toContain("password_reset");
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "account.view", actorId: me.staffId } });
    expect(entry).toMatchObject({ targetAccountId: a.accountId, ticketRef: "ZD-7" });
    expect(entry.detail).toMatchObject({ tokenPrefix: me.prefix });
    await expectError(await get(routes.account, "/accounts/999999", me.token, { id: "999999" }), 404, "NOT_FOUND");
    await expectError(await get(routes.account, "/accounts/0x10", me.token, { id: "0x10" }), 400, "INVALID_REQUEST");
  });

  it("sign-up: the unconfirmed sign-up's diagnosis", async () => {
    const me = await staffWithToken();
    const s = await account("unconfirmed");
    const id = String(s.signUpId);
    const response = await get(routes.signUp, `/signups/${id}`, me.token, { id });
    expect(response.status).toBe(200);
    conforms("SignUpResponse", await response.json());
  });

  it("password reset: the console's action (ticket required, audited with staff, token and ticket), idempotent by key", async () => {
    const me = await staffWithToken();
    const a = await account("forgotten_password");
    const id = String(a.accountId);
    await expectError(await post(routes.reset, `/accounts/${id}/password-reset`, me.token, {}, { id }), 400, "INVALID_REQUEST");
    const key = crypto.randomUUID();
    const first = await post(routes.reset, `/accounts/${id}/password-reset`, me.token, { ticket: "ZD-9", idempotencyKey: key }, { id });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { email: { outboxId: number; duplicate: boolean } };
    conforms("ActionResponse", body);
    expect(body.email.duplicate).toBe(false);
    const again = (await (
      await post(routes.reset, `/accounts/${id}/password-reset`, me.token, { ticket: "ZD-9", idempotencyKey: key }, { id })
    ).json()) as typeof body;
    expect(again.email).toMatchObject({ outboxId: body.email.outboxId, duplicate: true });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "recovery.send_password_reset", actorId: me.staffId, outcome: "DONE" } });
    expect(entry).toMatchObject({ targetAccountId: a.accountId, ticketRef: "ZD-9" });
    // Flat, as the reads record it: the audit log writes each key in words.
    expect(entry.detail).toMatchObject({ via: "token", tokenName: me.name, tokenPrefix: me.prefix, outboxId: body.email.outboxId });
  });

  it("username reminder and confirmation resend go through the same actions", async () => {
    const me = await staffWithToken();
    const a = await account("forgotten_password");
    const reminder = await post(routes.reminder, `/accounts/${a.accountId}/username-reminder`, me.token, { ticket: "ZD-10" }, { id: String(a.accountId) });
    expect(reminder.status).toBe(200);
    conforms("ActionResponse", await reminder.json());
    const s = await account("unconfirmed");
    const resend = await post(routes.resend, `/signups/${s.signUpId}/confirmation-resend`, me.token, { ticket: "ZD-11" }, { id: String(s.signUpId) });
    expect(resend.status).toBe(200);
    conforms("ActionResponse", await resend.json());
  });
});

describe("limits", () => {
  it("429 RATE_LIMITED with Retry-After past the token's calls per minute, counted in the database", async () => {
    process.env.STAFF_API_RATE_PER_MINUTE = "2";
    const me = await staffWithToken();
    // Stay inside one minute: wait out its last seconds if the test starts near the end of one.
    if (new Date().getUTCSeconds() > 55) await new Promise((resolve) => setTimeout(resolve, 6000));
    expect((await get(routes.search, "/search?q=ada", me.token)).status).toBe(200);
    expect((await get(routes.search, "/search?q=ada", me.token)).status).toBe(200);
    const refused = await get(routes.search, "/search?q=ada", me.token);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(refused, 429, "RATE_LIMITED");
    expect((await t.db.staffApiRateWindow.findMany({ where: { tokenId: me.tokenId } }))[0]?.requests).toBe(2);
  });

  it("413 BODY_TOO_LARGE for a body over 4 KiB", async () => {
    const me = await staffWithToken();
    await expectError(await post(routes.reset, "/accounts/1/password-reset", me.token, { ticket: "x".repeat(5000) }, { id: "1" }), 413, "BODY_TOO_LARGE");
  });

  it("sends no CORS headers to an origin that is not configured", async () => {
    const me = await staffWithToken();
    const response = await routes.search(
      new Request(`${BASE}/search?q=ada`, { headers: { authorization: `Bearer ${me.token}`, origin: "https://evil.example" } }),
    );
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
