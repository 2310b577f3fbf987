// The ingest endpoint's request-level rules, called as Next calls it: the route's
// exported POST with a Request (the logic itself is lib/ingest/http.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "./build-event";
import { EVENT_TYPES } from "./catalogue";

let t: TestDatabase;
let POST: (request: Request) => Promise<Response>;
let GET: () => Response;
const main = newSourceToken();
const loginsOnly = newSourceToken();
const revoked = newSourceToken();
const redeemOnly = newSourceToken();
const slow = newSourceToken();
const URL = "http://console.test/api/ingest/v1/events";

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await t.db.eventSource.create({ data: { name: "main", tokenHash: main.hash, tokenPrefix: main.prefix } });
  await t.db.eventSource.create({ data: { name: "logins", tokenHash: loginsOnly.hash, tokenPrefix: loginsOnly.prefix, allowedTypes: ["login.attempted"] } });
  await t.db.eventSource.create({ data: { name: "gone", tokenHash: revoked.hash, tokenPrefix: revoked.prefix, revokedAt: new Date() } });
  await t.db.eventSource.create({ data: { name: "redeemer", tokenHash: redeemOnly.hash, tokenPrefix: redeemOnly.prefix, scopes: ["redeem"] } });
  await t.db.eventSource.create({ data: { name: "slow", tokenHash: slow.hash, tokenPrefix: slow.prefix, maxEventsPerSecond: 3 } });
  ({ POST } = await import("@/app/api/ingest/v1/events/route"));
  ({ GET } = await import("@/app/api/ingest/v1/schema/route"));
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

function post(body: BodyInit | null, options: { token?: string | null; type?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": options.type ?? "application/cloudevents-batch+json", ...options.headers };
  const token = options.token === undefined ? main.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return POST(new Request(URL, { method: "POST", headers, body }));
}

const account = (id: string) => buildEvent("account.created", { account_id: id, username: `http_${id}`, email: `${id}@example.com` });
const login = (accountId: string | null) =>
  buildEvent("login.attempted", { account_id: accountId, channel: "smtp", outcome: "failure", reason: "wrong_password", ip: "192.0.2.10" });

describe("accepted requests answer per event", () => {
  it("a batch (application/cloudevents-batch+json)", async () => {
    const first = account("h1");
    const response = await post(JSON.stringify([first, login("h1"), { ...login("h1"), data: { channel: "web" } }, first]));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { accepted: number; duplicate: number; rejected: number; results: { status: string; reason?: string }[] };
    expect(body).toMatchObject({ accepted: 2, duplicate: 1, rejected: 1 });
    expect(body.results.map((r) => r.status)).toEqual(["accepted", "accepted", "rejected", "duplicate"]);
    expect(body.results[2]?.reason).toMatch(/^data\.(outcome|ip)/);
  });

  it("one event (application/cloudevents+json)", async () => {
    const response = await post(JSON.stringify(login(null)), { type: "application/cloudevents+json; charset=utf-8" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 1, results: [{ index: 0, status: "accepted", effect: "applied" }] });
  });

  it("NDJSON, where a line that is not JSON is one rejected event", async () => {
    const body = [JSON.stringify(login(null)), "{not json", "", JSON.stringify(login(null))].join("\n");
    const response = await post(body, { type: "application/x-ndjson" });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { results: { status: string; reason?: string }[] };
    expect(json.results.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted"]);
    expect(json.results[1]?.reason).toMatch(/^event: line 2 is not valid JSON/);
  });

  it("counts the outcomes on the source", async () => {
    const row = await t.db.eventSource.findUniqueOrThrow({
      where: { name: "main" },
      select: { eventsAccepted: true, eventsRejected: true, eventsDuplicate: true },
    });
    expect(row).toEqual({ eventsAccepted: 5n, eventsRejected: 2n, eventsDuplicate: 1n });
  });
});

describe("whole-request refusals", () => {
  it("401 without a token, with an unknown one, or a revoked source's", async () => {
    for (const token of [null, newSourceToken().token, revoked.token, "not-a-token"]) {
      const response = await post(JSON.stringify([login(null)]), { token });
      expect(response.status).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) as string } });
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("403 for a token without the ingest scope, and for a type the source may not send (nothing applied)", async () => {
    expect((await post(JSON.stringify([login(null)]), { token: redeemOnly.token })).status).toBe(403);
    const before = await t.db.loginAttempt.count();
    const response = await post(JSON.stringify([login(null), account("h403")]), { token: loginsOnly.token });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "TYPE_NOT_ALLOWED", message: expect.stringContaining('"account.created"') as string } });
    expect(await t.db.loginAttempt.count()).toBe(before);
    expect((await post(JSON.stringify([login(null)]), { token: loginsOnly.token })).status).toBe(200);
  });

  it("415 for any other content type", async () => {
    for (const type of ["application/json", "text/plain", ""]) {
      const response = await post(JSON.stringify([login(null)]), { type });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    }
  });

  it("400 for a body that is not JSON, or the wrong shape for its content type", async () => {
    const notJson = await post("{oops");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: "INVALID_REQUEST", message: "the body is not valid JSON" } });
    expect((await post(JSON.stringify(login(null)))).status).toBe(400);
    expect((await post(JSON.stringify([login(null)]), { type: "application/cloudevents+json" })).status).toBe(400);
    expect((await post(new Uint8Array([0x5b, 0xff, 0x5d]))).status).toBe(400);
  });

  it("413 for a body over 1 MiB (declared or streamed), or over 1,000 events", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    const tooBig = await post(big);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: "BODY_TOO_LARGE" } });
    // No Content-Length: the limit holds while reading, the stream is cut short.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const streamed = await POST(
      new Request(URL, {
        method: "POST",
        headers: { authorization: `Bearer ${main.token}`, "content-type": "application/x-ndjson" },
        body: endless,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(40);
    const many = Array.from({ length: 1001 }, () => ({}));
    expect((await post(JSON.stringify(many))).status).toBe(413);
    expect((await post(many.map(() => "{}").join("\n"), { type: "application/x-ndjson" })).status).toBe(413);
    // An event over 32 KiB is refused alone (ingest-input.int.test.ts), not the request.
  });

  it("429 with Retry-After once a source is over its events per second, counted in the database", async () => {
    // Windows are per wall-clock second: start at the beginning of one so the test does not straddle two.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const ok = await post(JSON.stringify([login(null), login(null), login(null)]), { token: slow.token });
    expect(ok.status).toBe(200);
    const refused = await post(JSON.stringify([login(null)]), { token: slow.token });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    const window = await t.db.ingestRateWindow.findMany();
    expect(window.some((w) => w.events === 3)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await post(JSON.stringify([login(null)]), { token: slow.token })).status).toBe(200);
  });

  it("a source's first request in a second clears its own windows older than 10 seconds, not another source's", async () => {
    const tidy = newSourceToken();
    const source = await t.db.eventSource.create({ data: { name: "tidy", tokenHash: tidy.hash, tokenPrefix: tidy.prefix } });
    const other = await t.db.eventSource.findUniqueOrThrow({ where: { name: "slow" } });
    const old = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await t.db.ingestRateWindow.createMany({
      data: [
        { sourceId: source.id, second: old, events: 5 },
        { sourceId: other.id, second: old, events: 5 },
      ],
    });
    expect((await post(JSON.stringify([login(null), login(null)]), { token: tidy.token })).status).toBe(200);
    const windows = await t.db.ingestRateWindow.findMany({
      where: { sourceId: { in: [source.id, other.id] } },
      select: { sourceId: true, second: true, events: true },
    });
    expect(windows.filter((w) => w.sourceId === source.id)).toEqual([{ sourceId: source.id, second: expect.any(Date) as Date, events: 2 }]);
    expect(windows).toContainEqual({ sourceId: other.id, second: old, events: 5 });
  });
});

it("GET /api/ingest/v1/schema serves the catalogue as JSON Schema", async () => {
  const response = GET();
  expect(response.status).toBe(200);
  const body = (await response.json()) as { types: Record<string, { data: { $schema?: string } }> };
  expect(Object.keys(body.types).sort()).toEqual([...EVENT_TYPES].sort());
  expect(body.types["account.banned"]?.data.$schema).toContain("json-schema.org");
});
