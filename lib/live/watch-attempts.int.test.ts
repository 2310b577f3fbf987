// Watch live end to end below the browser, on the real database (PGlite by default,
// PostgreSQL with TEST_DATABASE_URL): the route handler as the browser calls it,
// reading its server-sent events off the response body.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { openLiveCursor, pollLiveAttempts, SETTLE_MS } from "@/lib/data/login-attempts/live";
import { actAs, authMock, headersMock, navigationMock } from "@/lib/testing/action-harness";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);
vi.mock("next/navigation", () => navigationMock);

let t: TestDatabase;
let GET: (request: Request, context?: { params: Promise<{ id: string }> }) => Promise<Response>;
const ids = { agent: "", watched: 0, other: 0 };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  // Streams re-check their staff member this often here (15 s in production).
  process.env.WATCH_LIVE_RECHECK_MS = "150";
  ({ GET } = await import("@/app/api/accounts/[id]/attempts/live/route"));
  ids.agent = (await t.db.staffUser.create({ data: { email: "agent@live.test", name: "Agent", role: "AGENT" } })).id;
  const account = (username: string) =>
    t.db.account.create({ data: { username, usernameLower: username, email: `${username}@live.test`, emailLower: `${username}@live.test` } });
  ids.watched = (await account("watched")).id;
  ids.other = (await account("other")).id;
});
afterAll(async () => {
  await t?.drop();
});

const attempt = (accountId: number, extra: { occurredAt?: Date; id?: bigint; ip?: string } = {}) =>
  t.db.loginAttempt.create({
    data: {
      accountId,
      channel: "WEB",
      outcome: "FAILURE",
      reason: "WRONG_PASSWORD",
      ip: extra.ip ?? "198.51.100.7",
      occurredAt: extra.occurredAt ?? new Date(),
      ...(extra.id !== undefined ? { id: extra.id } : {}),
    },
  });

interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** Reads server-sent events off a response body as they arrive. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(timeoutMs: number): Promise<SseEvent | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split("\n")
              .filter((l) => l && !l.startsWith(":"))
              .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
          ) as Record<string, string>;
          if (!fields.event) continue;
          return { id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? "null") };
        }
        const left = deadline - Date.now();
        if (left <= 0) return null;
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
        if (!chunk) return null;
        if (chunk.done) return null;
        buffer += chunk.value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

const open = (id: string, headers: Record<string, string> = {}) =>
  GET(new Request(`http://console.test/api/accounts/${id}/attempts/live`, { headers: { "x-console-peer": "203.0.113.9", ...headers } }), {
    params: Promise.resolve({ id }),
  });

const watchAudits = () => t.db.auditEntry.count({ where: { action: "account.watch_live", targetAccountId: ids.watched } });

describe("the live feed (data layer)", () => {
  it("returns attempts inserted after opening, in insertion order, late ones with an old time included, other accounts' never", async () => {
    const cursor = await openLiveCursor(t.db, ids.watched);
    await attempt(ids.watched); // before the first poll, after opening: new
    expect(await pollLiveAttempts(t.db, ids.watched, cursor)).toHaveLength(1);
    await attempt(ids.other);
    const late = await attempt(ids.watched, { occurredAt: new Date("2025-01-01T00:00:00Z") });
    const got = await pollLiveAttempts(t.db, ids.watched, cursor);
    expect(got.map((a) => a.id)).toEqual([late.id.toString()]);
    expect(got[0]).toEqual({
      id: late.id.toString(),
      occurredAt: "2025-01-01T00:00:00.000Z",
      channel: "WEB",
      outcome: "FAILURE",
      reason: "WRONG_PASSWORD",
      ip: "198.51.100.7",
      usernameTried: null,
      apiKeyPrefix: null,
    });
    expect(await pollLiveAttempts(t.db, ids.watched, cursor)).toEqual([]);
  });

  it("still finds a smaller id that commits after a larger one was sent (two ingest batches committing out of order)", async () => {
    const cursor = await openLiveCursor(t.db, ids.watched);
    const base = cursor.floor + 1_000n;
    await attempt(ids.watched, { id: base + 5n });
    const now = Date.now();
    expect((await pollLiveAttempts(t.db, ids.watched, cursor, now)).map((a) => a.id)).toEqual([String(base + 5n)]);
    await attempt(ids.watched, { id: base + 3n }); // the slower transaction commits now
    expect((await pollLiveAttempts(t.db, ids.watched, cursor, now + 500)).map((a) => a.id)).toEqual([String(base + 3n)]);
    // Once settled, the floor moves past both and they are not read again.
    expect(await pollLiveAttempts(t.db, ids.watched, cursor, now + SETTLE_MS + 1_000)).toEqual([]);
    expect(cursor.floor).toBe(base + 5n);
    expect(cursor.seen.size).toBe(0);
    // Explicit ids do not advance the sequence: move it past them, as ingest would be.
    await t.db.$executeRaw`SELECT setval('login_attempts_id_seq', ${base + 5n})`;
  });
});

describe("GET /api/accounts/[id]/attempts/live", () => {
  it("sends anonymous callers to sign in before anything else", async () => {
    actAs(null);
    await expect(open(String(ids.watched))).rejects.toThrow("redirect:/sign-in");
  });

  it("answers 400 for anything but an exact account id and 404 for an unknown one, without auditing", async () => {
    actAs(ids.agent);
    const before = await t.db.auditEntry.count({ where: { action: "account.watch_live" } });
    for (const bad of ["abc", "0", "-1", "01", "1e3", "0x10", `${ids.watched} `, "2147483648", "1;DROP"]) {
      const response = await open(encodeURIComponent(bad).replace(/%20/g, " "));
      expect(response.status, bad).toBe(400);
    }
    expect((await open("2147483647")).status).toBe(404);
    expect(await t.db.auditEntry.count({ where: { action: "account.watch_live" } })).toBe(before);
  });

  it("streams an attempt inserted after subscribing within 2 s, not other accounts' attempts, and audits the session once", async () => {
    actAs(ids.agent);
    const auditsBefore = await watchAudits();
    const response = await open(String(ids.watched));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = sseReader(response);
    const ready = await events.next(2_000);
    expect(ready?.event).toBe("ready");
    expect(await watchAudits()).toBe(auditsBefore + 1);
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: "account.watch_live" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: ids.agent, outcome: "DONE", targetAccountId: ids.watched });

    await attempt(ids.other, { ip: "203.0.113.200" });
    const inserted = Date.now();
    const mine = await attempt(ids.watched, { ip: "198.51.100.77" });
    const got = await events.next(2_000);
    const latency = Date.now() - inserted;
    expect(got?.event).toBe("attempts");
    expect((got?.data as { id: string; ip: string }[]).map((a) => [a.id, a.ip])).toEqual([[mine.id.toString(), "198.51.100.77"]]);
    expect(latency).toBeLessThan(2_000);

    // The browser reconnects with the last event's id: same session, no second audit,
    // and nothing inserted meanwhile is lost.
    await events.cancel();
    const meanwhile = await attempt(ids.watched, { ip: "198.51.100.78" });
    const resumed = await open(String(ids.watched), { "last-event-id": got?.id ?? "" });
    const again = sseReader(resumed);
    expect((await again.next(2_000))?.event).toBe("ready");
    const caughtUp = await again.next(2_000);
    expect((caughtUp?.data as { id: string }[]).map((a) => a.id)).toContain(meanwhile.id.toString());
    await again.cancel();
    expect(await watchAudits()).toBe(auditsBefore + 1);
  });

  it("treats a forged or someone else's Last-Event-ID as a new session, audited", async () => {
    actAs(ids.agent);
    const before = await watchAudits();
    const forged = `${Date.now()}.0.${"A".repeat(43)}`;
    const response = await open(String(ids.watched), { "last-event-id": forged });
    const events = sseReader(response);
    expect((await events.next(2_000))?.event).toBe("ready");
    await events.cancel();
    expect(await watchAudits()).toBe(before + 1);
  });
});

describe("limits and re-checks of open streams", () => {
  const staffUser = async (email: string) => (await t.db.staffUser.create({ data: { email, name: email, role: "AGENT" } })).id;

  it("refuses a staff member's fourth stream with 429 and a message the page shows, and frees a slot when one closes", async () => {
    const id = await staffUser("busy@live.test");
    actAs(id);
    const streams = [];
    for (let i = 0; i < 3; i++) {
      const response = await open(String(ids.watched));
      expect(response.status).toBe(200);
      const events = sseReader(response);
      expect((await events.next(2_000))?.event).toBe("ready");
      streams.push(events);
    }
    const before = await watchAudits();
    const refused = await open(String(ids.other));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toBe("You are already watching live in 3 places (tabs or accounts). Stop one of them, then try again.");
    expect(await watchAudits()).toBe(before);
    // Someone else is not affected by this agent's streams.
    actAs(ids.agent);
    const other = await open(String(ids.watched));
    expect(other.status).toBe(200);
    await sseReader(other).cancel();

    actAs(id);
    await streams.pop()?.cancel();
    const again = await open(String(ids.watched));
    expect(again.status).toBe(200);
    streams.push(sseReader(again));
    for (const events of streams) await events.cancel();
  });

  it("refuses beyond WATCH_LIVE_MAX_STREAMS on this instance, whoever asks", async () => {
    process.env.WATCH_LIVE_MAX_STREAMS = "2";
    const opened = [];
    try {
      for (const email of ["first@live.test", "second@live.test"]) {
        actAs(await staffUser(email));
        const response = await open(String(ids.watched));
        expect(response.status).toBe(200);
        opened.push(sseReader(response));
      }
      actAs(await staffUser("third@live.test"));
      const refused = await open(String(ids.watched));
      expect(refused.status).toBe(429);
      expect(await refused.text()).toMatch(/at capacity on this server/);
    } finally {
      delete process.env.WATCH_LIVE_MAX_STREAMS;
      for (const events of opened) await events.cancel();
    }
  });

  const endsWhen = async (what: string, revoke: (staffId: string) => Promise<unknown>) => {
    const id = await staffUser(`${what}@live.test`);
    actAs(id);
    const response = await open(String(ids.watched));
    const events = sseReader(response);
    expect((await events.next(2_000))?.event).toBe("ready");
    const revokedAt = Date.now();
    await revoke(id);
    // The stream says why it ends (the card does not reconnect after it), then ends.
    expect(await events.next(2_000)).toMatchObject({ event: "ended", data: { reason: "access" } });
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect(await events.next(1_000)).toBeNull();
  };

  it("ends an open stream, with an ended event, within the re-check interval when the staff member is disabled", async () => {
    await endsWhen("disabled", (id) => t.db.staffUser.update({ where: { id }, data: { disabledAt: new Date() } }));
  });

  it("ends an open stream when its session is revoked (signed out elsewhere)", async () => {
    await endsWhen("signed-out", (id) => t.db.revokedStaffSession.create({ data: { sid: `test-session-${id}`, staffId: id } }));
  });
});

// Last in this file: a draining instance stays draining.
describe("an instance shutting down (SIGTERM: scripts/serve.ts)", () => {
  it("ends open streams with a retry hint so the browser resumes elsewhere, and counts them down", async () => {
    const { startDraining } = await import("@/lib/http/lifecycle");
    const { metrics } = await import("@/lib/metrics/metrics");
    const openStreams = async () => (await metrics().liveStreams.get()).values[0]?.value ?? 0;
    actAs(ids.agent);
    const before = await openStreams();
    const response = await open(String(ids.watched));
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: ready")) text += (await reader.read()).value ?? "";
    expect(await openStreams()).toBe(before + 1);

    expect(startDraining()).toBeGreaterThanOrEqual(1);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    // The body ended (done) after a retry field: EventSource reconnects after that delay.
    expect(text.slice(text.indexOf("event: ready"))).toMatch(/\nretry: \d+\n\n$/);
    expect(await openStreams()).toBe(before);

    // A stream asked for while draining ends at once, with the same hint.
    const late = await (await open(String(ids.watched))).text();
    expect(late).toMatch(/^retry: \d+\n\n$/);
  });
});
