// What a sender's engineer sees at the ingest endpoint: per-event limits, NDJSON line
// numbers, nesting, and binary mode as the official CloudEvents SDK sends it. The SDK
// talks HTTP, so the route's POST runs behind a Node http server on a loopback port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { CloudEvent, emitterFor, httpTransport, Mode } from "cloudevents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "./build-event";

let t: TestDatabase;
let POST: (request: Request) => Promise<Response>;
let server: Server;
let sink: string;
const token = newSourceToken();
const loginsOnly = newSourceToken();

/** The route as Next serves it: a Request in, a Response out. */
async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method: req.method ?? "POST",
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  const response = await POST(request);
  // A refused body is not read to its end (the endpoint cancels it): close the
  // connection rather than let the client reuse a half-read one.
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), connection: "close" });
  res.end(Buffer.from(await response.arrayBuffer()));
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await t.db.eventSource.create({ data: { name: "platform", tokenHash: token.hash, tokenPrefix: token.prefix } });
  await t.db.eventSource.create({ data: { name: "logins", tokenHash: loginsOnly.hash, tokenPrefix: loginsOnly.prefix, allowedTypes: ["login.attempted"] } });
  ({ POST } = await import("@/app/api/ingest/v1/events/route"));
  server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ingest/v1/events`;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
});

interface Result {
  index: number;
  line?: number;
  id: string | null;
  status: "accepted" | "duplicate" | "rejected";
  effect?: string;
  reason?: string;
}
interface Answer {
  status: number;
  body: { accepted?: number; rejected?: number; duplicate?: number; results?: Result[]; error?: { code: string; message: string } };
}

async function send(body: string, headers: Record<string, string>, bearer = token.token): Promise<Answer> {
  const response = await fetch(sink, { method: "POST", headers: { authorization: `Bearer ${bearer}`, ...headers }, body });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}
const batch = (events: unknown[]) => send(JSON.stringify(events), { "content-type": "application/cloudevents-batch+json" });
const ndjson = (text: string) => send(text, { "content-type": "application/x-ndjson" });

const login = (data: Record<string, unknown> = {}, id?: string) =>
  buildEvent("login.attempted", { channel: "api", outcome: "failure", reason: "bad_api_key", ip: "198.51.100.4", ...data }, id ? { id } : {});

describe("per-event limits", () => {
  it("an event over 32 KiB is refused alone, with its index and the reason; the others apply", async () => {
    const fat = login({ user_agent: null, username_tried: "x".repeat(100), api_key_prefix: null }, "fat-1");
    const padded = { ...fat, partnerpadding: "p".repeat(33 * 1024) };
    const { status, body } = await batch([login(), padded, login()]);
    expect(status).toBe(200);
    expect(body.results?.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted"]);
    expect(body.results?.[1]).toMatchObject({ index: 1, id: "fat-1" });
    expect(body.results?.[1]?.reason).toMatch(/^event: \d+ bytes, over the 32 KiB limit for one event/);

    const lines = await ndjson([JSON.stringify(login()), JSON.stringify(padded), JSON.stringify(login())].join("\n"));
    expect(lines.body.results?.map((r) => [r.line, r.status])).toEqual([
      [1, "accepted"],
      [2, "rejected"],
      [3, "accepted"],
    ]);
    const single = await send(JSON.stringify(padded), { "content-type": "application/cloudevents+json" });
    expect(single.status).toBe(200);
    expect(single.body.results?.[0]).toMatchObject({ index: 0, status: "rejected" });
  });

  it("the whole request is still refused with 413 over 1 MiB or over 1,000 events", async () => {
    expect((await batch(Array.from({ length: 1001 }, () => login()))).status).toBe(413);
    expect((await ndjson("{}\n".repeat(1001))).status).toBe(413);
    expect((await send("x".repeat(1024 * 1024 + 1), { "content-type": "application/x-ndjson" })).status).toBe(413);
  });
});

describe("NDJSON rejections name the physical line and the field", () => {
  it("blank lines count: the line after one is not reported a line early", async () => {
    const text = [JSON.stringify(login()), "", JSON.stringify(login({ ip: "300.0.0.1" })), "   ", "{not json", JSON.stringify(login())].join("\n");
    const { status, body } = await ndjson(text);
    expect(status).toBe(200);
    expect(body.results).toEqual([
      expect.objectContaining({ index: 0, line: 1, status: "accepted" }),
      expect.objectContaining({ index: 1, line: 3, status: "rejected", reason: "data.ip: expected an IPv4 or IPv6 address" }),
      expect.objectContaining({ index: 2, line: 5, status: "rejected", reason: "event: line 5 is not valid JSON (Expected property name or '}' at column 2)" }),
      expect.objectContaining({ index: 3, line: 6, status: "accepted" }),
    ]);
  });

  it("CRLF line ends are fine", async () => {
    const { body } = await ndjson(`${JSON.stringify(login())}\r\n\r\n${JSON.stringify(login())}\r\n`);
    expect(body.results?.map((r) => [r.line, r.status])).toEqual([
      [1, "accepted"],
      [3, "accepted"],
    ]);
  });
});

describe("deeply nested JSON is a 400 with a message, never a 500", () => {
  const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
  it("a batch or a single event", async () => {
    for (const [body, type] of [
      [`[${JSON.stringify(login())},${deep(5000)}]`, "application/cloudevents-batch+json"],
      [`{"specversion":"1.0","data":${deep(100_000)}}`, "application/cloudevents+json"],
    ] as const) {
      const answer = await send(body, { "content-type": type });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.message).toMatch(/nests JSON deeper than 3\d levels/);
      expect(answer.body.error?.code).toBe("INVALID_REQUEST");
    }
  });

  it("an NDJSON line is rejected alone, like a line that is not JSON", async () => {
    const { status, body } = await ndjson([JSON.stringify(login()), deep(5000)].join("\n"));
    expect(status).toBe(200);
    expect(body.results?.[1]).toMatchObject({ line: 2, status: "rejected", reason: "event: line 2 nests JSON deeper than 32 levels: not an event" });
  });
});

describe("binary mode, as the official CloudEvents SDK sends by default", () => {
  const loginEvent = (data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    new CloudEvent({
      type: "login.attempted",
      source: "/platform/sdk",
      time: new Date().toISOString(),
      data: { channel: "smtp", outcome: "failure", reason: "wrong_password", ip: "203.0.113.77", username_tried: "sdk-user", ...data },
      ...extra,
    });
  const auth = { headers: { authorization: `Bearer ${token.token}` } };
  const parse = (response: unknown): Answer["body"] => JSON.parse((response as { body: string }).body) as Answer["body"];

  it("emitterFor's default (binary) and structured modes are both applied, with the same de-duplication", async () => {
    const before = await t.db.loginAttempt.count({ where: { usernameTried: "sdk-user" } });
    const binary = emitterFor(httpTransport(sink));
    const event = loginEvent();
    expect(parse(await binary(event, auth))).toMatchObject({ accepted: 1, results: [{ index: 0, id: event.id, status: "accepted", effect: "applied" }] });
    // The same event again, either way: a duplicate of the first delivery.
    expect(parse(await binary(event, auth))).toMatchObject({ duplicate: 1, results: [{ status: "duplicate" }] });
    const structured = emitterFor(httpTransport(sink), { mode: Mode.STRUCTURED });
    expect(parse(await structured(event, auth))).toMatchObject({ duplicate: 1 });
    expect(parse(await structured(loginEvent(), auth))).toMatchObject({ accepted: 1 });
    expect(await t.db.loginAttempt.count({ where: { usernameTried: "sdk-user" } })).toBe(before + 2);
  });

  it("binary mode gets the same validation, per-event result and type restriction", async () => {
    const binary = emitterFor(httpTransport(sink));
    const bad = loginEvent({ ip: "not-an-ip" });
    expect(parse(await binary(bad, auth))).toMatchObject({
      rejected: 1,
      results: [{ id: bad.id, status: "rejected", reason: "data.ip: expected an IPv4 or IPv6 address" }],
    });
    const account = new CloudEvent({
      type: "account.created",
      source: "/platform/sdk",
      time: new Date().toISOString(),
      data: { account_id: "b1", username: "bin", email: "b@example.com" },
    });
    const refused = (await binary(account, { headers: { authorization: `Bearer ${loginsOnly.token}` } })) as { body: string };
    expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toContain('"account.created"');
    const fat = loginEvent({ user_agent: "u".repeat(33 * 1024) });
    expect(parse(await binary(fat, auth)).results?.[0]?.reason).toMatch(/^event: \d+ bytes, over the 32 KiB limit/);
  });

  it("header values are percent-decoded as UTF-8; invalid UTF-8 and NUL are refused, naming the attribute", async () => {
    const headers = (extra: Record<string, string>) => ({
      "content-type": "application/json",
      "ce-specversion": "1.0",
      "ce-type": "login.attempted",
      "ce-source": "/platform",
      "ce-time": new Date().toISOString(),
      ...extra,
    });
    const data = JSON.stringify({ channel: "web", outcome: "success", ip: "192.0.2.99" });
    const ok = await send(data, headers({ "ce-id": "caf%C3%A9-1", "ce-subject": "50%25 off" }));
    expect(ok.body.results?.[0]).toMatchObject({ id: "café-1", status: "accepted" });
    const badUtf8 = await send(data, headers({ "ce-id": "x-2", "ce-subject": "%FF%FE" }));
    expect(badUtf8.body.results?.[0]?.status).toBe("rejected");
    expect(badUtf8.body.results?.[0]?.reason).toMatch(/^subject: the ce-subject header is not UTF-8/);
    const nul = await send(data, headers({ "ce-id": "x%00-3" }));
    expect(nul.body.results?.[0]).toMatchObject({ id: null, status: "rejected" });
    expect(nul.body.results?.[0]?.reason).toMatch(/^id: contains a NUL character/);
    const textPlain = await send(data, { ...headers({ "ce-id": "x-4" }), "content-type": "text/plain" });
    expect(textPlain.body.results?.[0]?.reason).toMatch(/^datacontenttype: expected "application\/json"/);
    expect((await send("{oops", headers({ "ce-id": "x-5" }))).status).toBe(400);
  });

  it("without ce-specversion, another content type is still 415", async () => {
    const answer = await send("{}", { "content-type": "application/json" });
    expect(answer.status).toBe(415);
    expect(answer.body.error).toEqual({ code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringMatching(/binary mode/) as string });
  });
});
