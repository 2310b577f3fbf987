// A sender's wrong clock must not decide what the console shows: events stamped ahead of
// the console's clock are refused, a state event older than its record changes nothing,
// and login attempts older than retention are refused (review L7, issue #19 item 2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "./build-event";
import { handleIngestRequest } from "./route";
import { ingestBatch, type EventResult, type IngestSource } from "./ingest-batch";
import { DEFAULT_TIME_RULES } from "./time-rules";

let t: TestDatabase;
let seq = 0;
const tokens = new Map<number, string>();

async function newSource(): Promise<IngestSource> {
  const token = newSourceToken();
  const row = await t.db.eventSource.create({ data: { name: `clock-${++seq}`, tokenHash: token.hash, tokenPrefix: token.prefix } });
  tokens.set(row.id, token.token);
  return { id: row.id, allowedTypes: [] };
}

/** The console's clock in these tests: fixed, so nothing depends on the wall clock. */
const NOW = new Date("2026-11-20T12:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const send = (source: IngestSource, events: unknown[]) => ingestBatch(t.db, source, events, { now: NOW });

const created = (id: string, time: Date) =>
  buildEvent("account.created", { account_id: id, username: `clock_${id}`, email: `${id}@example.com` }, { time, id: `created-${id}` });

async function account(source: IngestSource, externalId: string) {
  return t.db.account.findUniqueOrThrow({
    where: { sourceId_externalId: { sourceId: source.id, externalId } },
    select: { id: true, email: true, lockedUntil: true, lastLoginAt: true, sourceVersions: true },
  });
}

function only(results: EventResult[]): EventResult {
  expect(results).toHaveLength(1);
  return results[0] as EventResult;
}

beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

describe("events stamped ahead of the console's clock", () => {
  it("an account.updated stamped 30 days ahead is refused naming `time`, and the real update after it applies", async () => {
    const s = await newSource();
    await send(s, [created("ahead", at(-DAY))]);
    const future = only(await send(s, [buildEvent("account.updated", { account_id: "ahead", email: "wrong@example.com" }, { time: at(30 * DAY) })]));
    expect(future).toMatchObject({ status: "rejected" });
    expect(future.status === "rejected" && future.reason).toMatch(
      /^time: 2026-12-20T12:00:00\.000Z is 30 days ahead of the console's clock .*INGEST_MAX_CLOCK_SKEW_SECONDS/,
    );

    const real = only(await send(s, [buildEvent("account.updated", { account_id: "ahead", email: "right@example.com" }, { time: at(-MINUTE) })]));
    expect(real).toMatchObject({ status: "accepted", effect: "applied" });
    expect((await account(s, "ahead")).email).toBe("right@example.com");
  });

  it("an event stamped in the year 9999 is refused and freezes nothing", async () => {
    const s = await newSource();
    await send(s, [created("frozen", at(-DAY))]);
    const lock = (until: Date, time: Date | string) => buildEvent("account.updated", { account_id: "frozen", locked_until: until.toISOString() }, { time });
    const forever = only(await send(s, [lock(at(365 * DAY), "9999-12-31T23:59:59Z")]));
    expect(forever.status === "rejected" && forever.reason).toMatch(/^time: 9999-12-31T23:59:59\.000Z is \d+ days ahead/);
    expect((await account(s, "frozen")).lockedUntil).toBeNull();
    expect(only(await send(s, [lock(at(DAY), at(-MINUTE))]))).toMatchObject({ status: "accepted", effect: "applied" });
    expect((await account(s, "frozen")).lockedUntil).toEqual(at(DAY));
  });

  it("up to the allowed skew is accepted; one second more is refused; the skew is configurable", async () => {
    const s = await newSource();
    await send(s, [created("skew", at(-DAY))]);
    const skew = DEFAULT_TIME_RULES.maxClockSkewSeconds * 1000;
    const edge = only(await send(s, [buildEvent("account.updated", { account_id: "skew", plan: "pro" }, { time: at(skew) })]));
    expect(edge).toMatchObject({ status: "accepted", effect: "applied" });
    const over = only(await send(s, [buildEvent("account.updated", { account_id: "skew", plan: "max" }, { time: at(skew + 1000) })]));
    expect(over).toMatchObject({ status: "rejected" });
    const strict = only(
      await ingestBatch(t.db, s, [buildEvent("account.updated", { account_id: "skew", plan: "max" }, { time: at(2000) })], {
        now: NOW,
        timeRules: { ...DEFAULT_TIME_RULES, maxClockSkewSeconds: 1 },
      }),
    );
    expect(strict.status === "rejected" && strict.reason).toMatch(/at most 1 s ahead/);
  });

  it("a login attempt stamped 30 days ahead does not become the account's last login", async () => {
    const s = await newSource();
    await send(s, [created("lastlogin", at(-DAY))]);
    const login = (time: Date) =>
      buildEvent(
        "login.attempted",
        { account_id: "lastlogin", channel: "web", outcome: "success", ip: "192.0.2.40", username_tried: "clock_lastlogin" },
        { time },
      );
    const results = await send(s, [login(at(30 * DAY)), login(at(-MINUTE))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "accepted"]);
    const row = await account(s, "lastlogin");
    expect(row.lastLoginAt).toEqual(at(-MINUTE));
    expect(await t.db.loginAttempt.count({ where: { accountId: row.id } })).toBe(1);
  });

  it("the HTTP route judges by the real clock: an event a day ahead of now is refused", async () => {
    const s = await newSource();
    const event = buildEvent(
      "account.created",
      { account_id: "http-ahead", username: "clock_http", email: "http@example.com" },
      { time: new Date(Date.now() + DAY) },
    );
    const response = await handleIngestRequest(
      t.db,
      new Request("http://console.test/api/ingest/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.get(s.id)}`, "content-type": "application/cloudevents+json" },
        body: JSON.stringify(event),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rejected: number; results: { reason?: string }[] };
    expect(body.rejected).toBe(1);
    expect(body.results[0]?.reason).toMatch(/^time: .* is 24 h ahead of the console's clock/);
  });
});

describe("a state event older than its record's creation", () => {
  it("an account.updated with locked_until stamped five years before the account existed does not lock it (superseded, with the reason)", async () => {
    const s = await newSource();
    await send(s, [created("young", at(-2 * 60 * MINUTE))]);
    const old = only(
      await send(s, [buildEvent("account.updated", { account_id: "young", locked_until: at(DAY).toISOString() }, { time: at(-5 * 365 * DAY) })]),
    );
    expect(old).toMatchObject({ status: "accepted", effect: "superseded" });
    expect(old.status === "accepted" && old.reason).toMatch(/^time: 2021-.* is before this account was created \(2026-11-20T10:00:00\.000Z\)/);
    expect((await account(s, "young")).lockedUntil).toBeNull();
  });

  it("the same event parked before the account arrived is not applied when it does", async () => {
    const s = await newSource();
    const early = only(
      await send(s, [buildEvent("account.updated", { account_id: "late", locked_until: at(DAY).toISOString() }, { time: at(-5 * 365 * DAY) })]),
    );
    expect(early).toMatchObject({ status: "accepted", effect: "parked" });
    await send(s, [created("late", at(-2 * 60 * MINUTE))]);
    expect((await account(s, "late")).lockedUntil).toBeNull();
  });

  it("the HTTP result carries the reason beside effect superseded", async () => {
    const s = await newSource();
    await send(s, [created("http-old", at(-MINUTE))]);
    const event = buildEvent("account.updated", { account_id: "http-old", plan: "free" }, { time: at(-DAY) });
    const response = await handleIngestRequest(
      t.db,
      new Request("http://console.test/api/ingest/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.get(s.id)}`, "content-type": "application/cloudevents+json" },
        body: JSON.stringify(event),
      }),
      NOW,
    );
    expect(await response.json()).toMatchObject({
      accepted: 1,
      results: [
        { index: 0, status: "accepted", effect: "superseded", reason: expect.stringMatching(/^time: .* is before this account was created/) as unknown },
      ],
    });
  });

  it("child records too: a teammate.changed older than the teammate is superseded; a later one applies", async () => {
    const s = await newSource();
    await send(s, [
      created("team", at(-DAY)),
      buildEvent(
        "teammate.added",
        { account_id: "team", teammate_id: "tm", username: "alex", email: "alex@example.com", level: "read_only" },
        { time: at(-60 * MINUTE) },
      ),
    ]);
    const results = await send(s, [
      buildEvent("teammate.changed", { account_id: "team", teammate_id: "tm", level: "owner" }, { time: at(-2 * 60 * MINUTE) }),
      buildEvent("teammate.changed", { account_id: "team", teammate_id: "tm", scopes: ["mail.send"] }, { time: at(-MINUTE) }),
    ]);
    expect(results[0]).toMatchObject({
      status: "accepted",
      effect: "superseded",
      reason: expect.stringMatching(/before this teammate was created/) as unknown,
    });
    expect(results[1]).toMatchObject({ status: "accepted", effect: "applied" });
    expect(results[1]).not.toHaveProperty("reason");
    const teammate = await t.db.teammate.findFirstOrThrow({ where: { sourceId: s.id, externalId: "tm" }, select: { level: true, scopes: true } });
    expect(teammate).toEqual({ level: "READ_ONLY", scopes: ["mail.send"] });
  });
});

describe("login attempts older than the retention window", () => {
  it("are refused per event with the reason, never stored in the default partition; the others in the batch are stored", async () => {
    const s = await newSource();
    await send(s, [created("history", at(-10 * 365 * DAY))]);
    const login = (time: Date) =>
      buildEvent("login.attempted", { account_id: "history", channel: "smtp", outcome: "failure", reason: "wrong_password", ip: "192.0.2.41" }, { time });
    const retention = DEFAULT_TIME_RULES.loginAttemptRetentionDays;
    const results = await send(s, [login(at(-5 * 365 * DAY)), login(at(-(retention - 1) * DAY)), login(at(-(retention + 1) * DAY))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "accepted", "rejected"]);
    expect(results[0]?.status === "rejected" && results[0].reason).toMatch(
      /^time: 2021-.* is older than the login attempt retention of 400 days \(LOGIN_ATTEMPT_RETENTION_DAYS, so before 2025-10-16T12:00:00\.000Z\)/,
    );
    const id = (await account(s, "history")).id;
    const stored = await t.db.$queryRaw<{ partition: string; occurred_at: Date }[]>`
      SELECT tableoid::regclass::text AS partition, occurred_at FROM login_attempts WHERE account_id = ${id}`;
    expect(stored.map((r) => r.occurred_at)).toEqual([at(-(retention - 1) * DAY)]);
    const inDefault = await t.db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM login_attempts_default WHERE account_id = ${id} AND occurred_at < ${at(-retention * DAY)}`;
    expect(inDefault[0]?.n).toBe(0);
    // A refused event's id is not recorded: the sender may correct its time and resend it.
    expect(await t.db.ingestedEvent.count({ where: { sourceId: s.id, type: "login.attempted" } })).toBe(1);
  });
});
