// Issue #19 item 6: the routes that read a body read it after authenticating the caller
// and under a cap. Called as Next calls them (the route's exported POST with a Request),
// with a body that is produced only as it is pulled, so the test counts how much of a
// 10 MiB body the route actually read. It proves what the handler pulls; how Node and
// Next buffer a socket below it is measured against the built server in e2e/redeem.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { hashToken, newResetToken } from "@/lib/email/token";
import { seedAccount } from "@/prisma/seed/factories";
import { REDEEM_MAX_BODY_BYTES } from "./redeem-http";
import { DEMO_SOURCE_NAME } from "./sources/demo-source";
import { newSourceToken } from "./sources/tokens";

let t: TestDatabase;
let POST: (request: Request) => Promise<Response>;
let AUTH_POST: (request: NextRequest) => Promise<Response>;
const demo = newSourceToken();
const ingestOnly = newSourceToken();
const URL = "http://console.test/api/platform/v1/tokens/redeem";
const TEN_MIB = 10 * 1024 * 1024;
const CHUNK = 64 * 1024;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await t.db.eventSource.create({ data: { name: DEMO_SOURCE_NAME, tokenHash: demo.hash, tokenPrefix: demo.prefix, scopes: ["ingest", "redeem"] } });
  await t.db.eventSource.create({ data: { name: "ingest-only", tokenHash: ingestOnly.hash, tokenPrefix: ingestOnly.prefix, scopes: ["ingest"] } });
  ({ POST } = await import("@/app/api/platform/v1/tokens/redeem/route"));
  ({ POST: AUTH_POST } = await import("@/app/api/auth/[...nextauth]/route"));
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

/** A body of `total` bytes made 64 KiB at a time, only when the reader asks for it. */
function lazyBody(total: number) {
  let pulled = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x61);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Promise<Response> {
  return POST(new Request(URL, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit));
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("POST /api/platform/v1/tokens/redeem reads its body after authentication, under a cap", () => {
  it.each([
    ["no token", {}],
    ["a token of the wrong shape", { authorization: "Bearer nope" }],
    ["an unknown token", bearer(newSourceToken().token)],
  ])("a 10 MiB body with %s is answered 401 without being read", async (_label, headers) => {
    const body = lazyBody(TEN_MIB);
    const response = await post(body.stream, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="platform"');
    // Closing the connection, so the server does not drain the rest of the body either.
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect(body.pulled()).toBe(0);
  });

  it("a 10 MiB body with a token lacking the redeem scope is answered 403 without being read", async () => {
    const body = lazyBody(TEN_MIB);
    const response = await post(body.stream, bearer(ingestOnly.token));
    expect(response.status).toBe(403);
    expect(body.pulled()).toBe(0);
  });

  it("an authenticated body past the cap is answered 413 once the cap is passed, whether it declares its length or streams", async () => {
    const streamed = lazyBody(TEN_MIB);
    const response = await post(streamed.stream, bearer(demo.token));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "BODY_TOO_LARGE" } });
    expect(streamed.pulled()).toBeLessThanOrEqual(REDEEM_MAX_BODY_BYTES + CHUNK);

    const declared = lazyBody(TEN_MIB);
    const answered = await post(declared.stream, { ...bearer(demo.token), "content-length": String(TEN_MIB) });
    expect(answered.status).toBe(413);
    expect(declared.pulled()).toBe(0);
  });

  it("a real redemption still goes through the route: 200, then 410; a body that is not JSON is 400", async () => {
    const seeded = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
    const staff = await t.db.staffUser.create({ data: { email: "agent@redeem-http.test", name: "Agent", role: "AGENT" } });
    const raw = newResetToken();
    const outbox = await t.db.emailOutbox.create({
      data: { kind: "PASSWORD_RESET", recipient: seeded.email, accountId: seeded.accountId, requestedById: staff.id, idempotencyKey: "redeem-http-1" },
    });
    await t.db.passwordResetToken.create({
      data: {
        accountId: seeded.accountId ?? 0,
        tokenHash: hashToken(raw),
        expiresAt: new Date(Date.now() + 3_600_000),
        outboxId: outbox.id,
        requestedById: staff.id,
      },
    });
    const first = await post(JSON.stringify({ token: raw }), bearer(demo.token));
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(await first.json()).toMatchObject({ kind: "password_reset", accountId: seeded.accountId, email: seeded.email });
    const again = await post(JSON.stringify({ token: raw }), bearer(demo.token));
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: { code: "TOKEN_USED" } });
    const garbled = await post("{token:", bearer(demo.token));
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ error: { code: "INVALID_BODY" } });
  });
});

describe("the redemption door remembers a source's success briefly, never past a revocation's refusal", () => {
  it("a source revoked right after a redemption gets 401 on its next one, though the door remembered it", async () => {
    const revoked = newSourceToken();
    const source = await t.db.eventSource.create({
      data: { name: "revoked-soon", tokenHash: revoked.hash, tokenPrefix: revoked.prefix, scopes: ["redeem"] },
    });
    // A success the door remembers (an unknown link: the source is fine, the link is not).
    const first = await post(JSON.stringify({ token: newResetToken() }), bearer(revoked.token));
    expect(first.status).toBe(404);
    await t.db.eventSource.update({ where: { id: source.id }, data: { revokedAt: new Date() } });
    const after = await post(JSON.stringify({ token: newResetToken() }), bearer(revoked.token));
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    // A large body is still not read whole: the cap holds whatever the door remembers.
    const body = lazyBody(TEN_MIB);
    const big = await post(body.stream, bearer(revoked.token));
    expect([401, 413]).toContain(big.status);
    expect(body.pulled()).toBeLessThanOrEqual(REDEEM_MAX_BODY_BYTES + CHUNK);
  });
});

describe("POST /api/auth/* (Auth.js, open to anybody) gets its body only under a cap", () => {
  it("a 10 MiB body is answered 413 after at most the cap is read", async () => {
    const body = lazyBody(TEN_MIB);
    const request = new NextRequest("http://console.test/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.stream,
      duplex: "half",
    });
    const response = await AUTH_POST(request);
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + CHUNK);
  });
});
