// Platform events through ingestBatch: what each type changes in what the diagnosis
// reads, and the delivery guarantees (duplicates, out of order, tombstones, crashes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { diagnose } from "@/lib/diagnosis/diagnose";
import { loadAccountFacts, loadSignUpFacts } from "@/lib/data/accounts/load-account-facts";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "./build-event";
import type { EventType } from "./catalogue";
import { ingestBatch as ingestAt, type EventResult, type IngestSource } from "./ingest-batch";

let t: TestDatabase;
let seq = 0;

async function newSource(allowedTypes: string[] = []): Promise<IngestSource> {
  const token = newSourceToken();
  const row = await t.db.eventSource.create({ data: { name: `src-${++seq}`, tokenHash: token.hash, tokenPrefix: token.prefix, allowedTypes } });
  return { id: row.id, allowedTypes };
}

const T0 = Date.parse("2026-11-20T10:00:00Z");
/** A time `m` minutes after T0. */
const at = (m: number) => new Date(T0 + m * 60_000);
/** The console's clock, fixed a day after T0: these 2026 events must not age past retention. */
const ingestBatch: typeof ingestAt = (db, source, events, options = {}) => ingestAt(db, source, events, { now: at(60 * 24), ...options });

const account = (id: string, m = 0, extra: Record<string, unknown> = {}) =>
  buildEvent("account.created", { account_id: id, username: `user_${id}`, email: `${id}@example.com`, ...extra }, { time: at(m) });

async function accountId(source: IngestSource, externalId: string): Promise<number> {
  const row = await t.db.account.findUniqueOrThrow({ where: { sourceId_externalId: { sourceId: source.id, externalId } }, select: { id: true } });
  return row.id;
}

async function facts(source: IngestSource, externalId: string) {
  const loaded = await loadAccountFacts(t.db, await accountId(source, externalId), at(60 * 24));
  if (!loaded) throw new Error("no facts");
  return loaded.subject;
}

function statuses(results: EventResult[]): string[] {
  return results.map((r) => (r.status === "accepted" ? `accepted:${r.effect}` : r.status));
}

beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

describe("every event type changes what the diagnosis reads", () => {
  it("accounts: created, updated, terminated, banned (with subusers and dedicated IPs), deleted", async () => {
    const s = await newSource();
    const results = await ingestBatch(t.db, s, [
      account("p1", 0, { plan: "pro", login_method: "unified_login", unified_login_id: "tw-1" }),
      account("sub1", 1, { parent_account_id: "p1", plan: "subuser" }),
      buildEvent("account.updated", { account_id: "p1", email: "New@Example.com", locked_until: at(90).toISOString() }, { time: at(5) }),
    ]);
    expect(statuses(results)).toEqual(["accepted:applied", "accepted:applied", "accepted:applied"]);
    let p1 = await facts(s, "p1");
    expect(p1.account).toMatchObject({ plan: "pro", loginMethod: "UNIFIED_LOGIN", unifiedLoginId: "tw-1", email: "New@Example.com", status: "ACTIVE" });
    expect(p1.account.lockedUntil).toEqual(at(90));
    expect(p1.subusers.map((x) => x.username)).toEqual(["user_sub1"]);
    const emailLower = await t.db.account.findUniqueOrThrow({ where: { id: p1.account.id }, select: { emailLower: true } });
    expect(emailLower.emailLower).toBe("new@example.com");

    await ingestBatch(t.db, s, [
      buildEvent(
        "account.banned",
        {
          account_id: "p1",
          reason: "Phishing confirmed",
          ban_email_ref: "COMPLIANCE-1",
          dedicated_ips: [{ address: "198.18.0.10", assigned_at: at(-1000).toISOString() }],
        },
        { time: at(10) },
      ),
    ]);
    p1 = await facts(s, "p1");
    expect(p1.account.status).toBe("BANNED");
    expect(p1.ban).toMatchObject({ reason: "Phishing confirmed", banEmailRef: "COMPLIANCE-1", inheritedFromId: null });
    expect(p1.dedicatedIps).toEqual([expect.objectContaining({ address: "198.18.0.10", removedAt: at(10), removedReason: "account banned" })]);
    const sub = await facts(s, "sub1");
    expect(sub.account.status).toBe("BANNED");
    expect(sub.ban?.inheritedFromId).toBe(p1.ban?.id);
    expect(sub.parent?.ban?.reason).toBe("Phishing confirmed");

    // A ban is final: a later status update does not bring the account back.
    await ingestBatch(t.db, s, [buildEvent("account.updated", { account_id: "p1", status: "active" }, { time: at(20) })]);
    expect((await facts(s, "p1")).account.status).toBe("BANNED");

    await ingestBatch(t.db, s, [account("t1", 0), buildEvent("account.terminated", { account_id: "t1" }, { time: at(30) })]);
    expect((await facts(s, "t1")).account).toMatchObject({ status: "TERMINATED", terminatedAt: at(30) });

    await ingestBatch(t.db, s, [buildEvent("account.deleted", { account_id: "t1" }, { time: at(40) })]);
    const deleted = await t.db.account.findUniqueOrThrow({ where: { id: await accountId(s, "t1") }, select: { deletedAt: true } });
    expect(deleted.deletedAt).toEqual(at(40));
    // What the agent is told: the deletion, first, and no reset (the recovery guards refuse
    // with the diagnosis's reason).
    const t1 = await facts(s, "t1");
    expect(t1.account.deletedAt).toEqual(at(40));
    const d = diagnose({ subject: t1 }, at(60 * 24));
    expect(d.findings[0]?.code).toBe("ACCOUNT_DELETED");
    expect(d.actions.send_password_reset).toMatchObject({ allowed: false, refusedBy: "ACCOUNT_DELETED" });
  });

  it("sign-ups: created, confirmation sent, expired, confirmed (linked to the account)", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [
      buildEvent(
        "signup.created",
        { signup_id: "su1", username: "Newbie", email: "newbie@example.com", ip: "203.0.113.5", confirmation_expires_at: at(60).toISOString() },
        { time: at(0) },
      ),
      buildEvent("signup.confirmation_sent", { signup_id: "su1", expires_at: at(120).toISOString() }, { time: at(30) }),
    ]);
    const row = await t.db.signUp.findUniqueOrThrow({ where: { sourceId_externalId: { sourceId: s.id, externalId: "su1" } }, select: { id: true } });
    let su = (await loadSignUpFacts(t.db, row.id))?.subject.signUp;
    expect(su).toMatchObject({ username: "Newbie", confirmationsSent: 2, lastConfirmationSentAt: at(30), confirmationExpiresAt: at(120), confirmedAt: null });

    await ingestBatch(t.db, s, [buildEvent("signup.expired", { signup_id: "su1" }, { time: at(120) })]);
    su = (await loadSignUpFacts(t.db, row.id))?.subject.signUp;
    expect(su?.confirmationExpiresAt).toEqual(at(120));

    await ingestBatch(t.db, s, [
      account("acc-su1", 200, { username: "Newbie" }),
      buildEvent("signup.confirmed", { signup_id: "su1", account_id: "acc-su1" }, { time: at(200) }),
    ]);
    const linked = await t.db.signUp.findUniqueOrThrow({ where: { id: row.id }, select: { confirmedAt: true, accountId: true } });
    expect(linked).toEqual({ confirmedAt: at(200), accountId: await accountId(s, "acc-su1") });
  });

  it("teammates, API keys, integrations, credential changes", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [
      account("a1", 0),
      buildEvent("teammate.added", { account_id: "a1", teammate_id: "tm1", username: "Owner", email: "o@example.com", level: "owner" }, { time: at(1) }),
      buildEvent(
        "teammate.added",
        { account_id: "a1", teammate_id: "tm2", username: "Dev", email: "d@example.com", level: "restricted", scopes: ["mail.send"] },
        { time: at(2) },
      ),
      buildEvent("teammate.changed", { account_id: "a1", teammate_id: "tm2", level: "admin" }, { time: at(3) }),
      buildEvent(
        "api_key.created",
        { account_id: "a1", api_key_id: "k1", name: "prod", prefix: "SG.ab12cd34", created_by_teammate_id: "tm2" },
        { time: at(4) },
      ),
      buildEvent("api_key.revoked", { account_id: "a1", api_key_id: "k1", revoked_by_teammate_id: "tm1" }, { time: at(5) }),
      buildEvent("integration.added", { account_id: "a1", integration_id: "i1", kind: "smtp_relay", name: "Postfix", api_user: "apikey" }, { time: at(6) }),
      buildEvent("integration.added", { account_id: "a1", integration_id: "i2", kind: "legacy_api", name: "Old CRM", api_user: "user_a1" }, { time: at(6) }),
      buildEvent("integration.removed", { account_id: "a1", integration_id: "i2" }, { time: at(7) }),
      buildEvent("credential.changed", { account_id: "a1", kind: "password", teammate_id: "tm2", ip: "198.51.100.7", user_agent: "Firefox" }, { time: at(8) }),
      buildEvent("credential.changed", { account_id: "a1", kind: "email" }, { time: at(9) }),
      buildEvent("teammate.removed", { account_id: "a1", teammate_id: "tm2" }, { time: at(10) }),
    ]);
    const f = await facts(s, "a1");
    expect(f.teammates.map((x) => [x.username, x.level, x.deletedAt])).toEqual([
      ["Owner", "OWNER", null],
      ["Dev", "ADMIN", at(10)],
    ]);
    const [owner, dev] = f.teammates;
    expect(f.apiKeys).toEqual([expect.objectContaining({ prefix: "SG.ab12cd34", createdById: dev?.id, revokedById: owner?.id, revokedAt: at(5) })]);
    expect(f.integrations.map((i) => [i.kind, i.name])).toEqual([["SMTP_RELAY", "Postfix"]]);
    expect(f.credentialChanges.map((c) => [c.kind, c.teammateId, c.actorLabel, c.ip])).toEqual([
      ["EMAIL", null, "account login", null],
      ["PASSWORD", dev?.id, "Dev", "198.51.100.7"],
    ]);
    expect(f.account.passwordChangedAt).toEqual(at(8));
  });

  it("login attempts, invoices, billing warnings", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [
      account("b1", 0),
      buildEvent("teammate.added", { account_id: "b1", teammate_id: "btm", username: "Ann", email: "ann@example.com", level: "owner" }, { time: at(1) }),
      buildEvent(
        "invoice.issued",
        { account_id: "b1", invoice_id: "inv1", period: "2026-10", amount_cents: 8995, due_at: at(100).toISOString() },
        { time: at(2) },
      ),
      buildEvent(
        "invoice.issued",
        { account_id: "b1", invoice_id: "inv2", period: "2026-09", amount_cents: 1000, currency: "EUR", due_at: at(50).toISOString() },
        { time: at(2) },
      ),
      buildEvent("invoice.paid", { account_id: "b1", invoice_id: "inv2" }, { time: at(3) }),
      buildEvent("billing.warning_sent", { account_id: "b1", invoice_id: "inv1", kind: "payment_failed", sent_to: "b1@example.com" }, { time: at(4) }),
    ]);
    const results = await ingestBatch(t.db, s, [
      buildEvent(
        "login.attempted",
        { account_id: "b1", teammate_id: "btm", channel: "web", outcome: "success", username_tried: "user_b1", ip: "192.0.2.1", user_agent: "Safari" },
        { time: at(10) },
      ),
      buildEvent(
        "login.attempted",
        { account_id: "b1", channel: "api", outcome: "failure", reason: "bad_api_key", api_key_prefix: "SG.zz", ip: "192.0.2.2" },
        { time: at(11) },
      ),
      buildEvent(
        "login.attempted",
        { channel: "web", outcome: "failure", reason: "unknown_username", username_tried: "user_b2", ip: "192.0.2.1" },
        { time: at(12) },
      ),
    ]);
    expect(statuses(results)).toEqual(["accepted:applied", "accepted:applied", "accepted:applied"]);
    const f = await facts(s, "b1");
    expect(f.loginAttempts.map((a) => [a.channel, a.outcome, a.reason, a.apiKeyPrefix])).toEqual([
      ["API", "FAILURE", "BAD_API_KEY", "SG.zz"],
      ["WEB", "SUCCESS", null, null],
    ]);
    expect(f.loginAttempts[1]?.teammateId).toBe(f.teammates[0]?.id);
    expect(f.unknownUsernameAttempts.map((a) => a.usernameTried)).toEqual(["user_b2"]);
    expect(f.account.lastLoginAt).toEqual(at(10));
    expect(f.teammates[0]?.lastLoginAt).toEqual(at(10));
    expect(f.invoices.map((i) => [i.amountCents, i.currency, i.issuedAt, i.paidAt])).toEqual([
      [8995, "USD", at(2), null],
      [1000, "EUR", at(2), at(3)],
    ]);
    expect(f.billingWarnings).toEqual([expect.objectContaining({ kind: "PAYMENT_FAILED", invoiceId: f.invoices[0]?.id, sentAt: at(4) })]);
  });
});

describe("exactly-once effects", () => {
  it("a redelivered event, or one repeated in a batch, is a duplicate and changes nothing", async () => {
    const s = await newSource();
    const create = account("d1", 0);
    const login = buildEvent(
      "login.attempted",
      { account_id: "d1", channel: "smtp", outcome: "failure", reason: "wrong_password", ip: "192.0.2.9" },
      { time: at(1) },
    );
    const sent = buildEvent("billing.warning_sent", { account_id: "d1", kind: "reminder", sent_to: "d1@example.com" }, { time: at(2) });
    expect(statuses(await ingestBatch(t.db, s, [create, login, login, sent]))).toEqual([
      "accepted:applied",
      "accepted:applied",
      "duplicate",
      "accepted:applied",
    ]);
    expect(statuses(await ingestBatch(t.db, s, [create, login, sent]))).toEqual(["duplicate", "duplicate", "duplicate"]);
    const f = await facts(s, "d1");
    expect(f.loginAttempts).toHaveLength(1);
    expect(f.billingWarnings).toHaveLength(1);
    const counters = await t.db.eventSource.findUniqueOrThrow({
      where: { id: s.id },
      select: { eventsAccepted: true, eventsDuplicate: true, eventsRejected: true },
    });
    expect(counters).toEqual({ eventsAccepted: 3n, eventsDuplicate: 4n, eventsRejected: 0n });
  });

  it("two deliveries of one batch at the same moment apply it once", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [account("cc1", 0)]);
    const events = [
      buildEvent("account.updated", { account_id: "cc1", plan: "pro" }, { time: at(1) }),
      ...Array.from({ length: 200 }, (_, i) =>
        buildEvent("login.attempted", { account_id: "cc1", channel: "api", outcome: "failure", reason: "bad_api_key", ip: "192.0.2.7" }, { time: at(2 + i) }),
      ),
    ];
    const [a, b] = await Promise.all([ingestBatch(t.db, s, events), ingestBatch(t.db, s, events)]);
    const accepted = events.map((_, i) => [a[i]?.status, b[i]?.status].filter((x) => x === "accepted").length);
    expect(accepted.every((n) => n === 1)).toBe(true);
    expect((await facts(s, "cc1")).loginAttempts).toHaveLength(200);
  });

  it("the same event id from another source is another event", async () => {
    const a = await newSource();
    const b = await newSource();
    const e = account("x1", 0);
    expect(statuses(await ingestBatch(t.db, a, [e]))).toEqual(["accepted:applied"]);
    expect(statuses(await ingestBatch(t.db, b, [{ ...e, data: { ...e.data, username: "other_x1" } }]))).toEqual(["accepted:applied"]);
  });

  it("a batch that crashes midway leaves nothing, and its retry leaves what one delivery leaves", async () => {
    // Usernames are unique across sources, so each delivery gets its own.
    const events = (suffix: string) => [
      account("c1", 0, { username: `c1_${suffix}` }),
      buildEvent("teammate.added", { account_id: "c1", teammate_id: "ctm", username: "Cat", email: "cat@example.com", level: "admin" }, { time: at(1) }),
      buildEvent("account.updated", { account_id: "c1", plan: "pro" }, { time: at(2) }),
      ...Array.from({ length: 20 }, (_, i) =>
        buildEvent("login.attempted", { account_id: "c1", channel: "web", outcome: "failure", reason: "wrong_password", ip: "192.0.2.3" }, { time: at(3 + i) }),
      ),
      buildEvent("signup.confirmation_sent", { signup_id: "later", expires_at: at(99).toISOString() }, { time: at(40) }),
    ];
    const crashedEvents = events("a");
    const crashed = await newSource();
    const once = await newSource();
    let calls = 0;
    await expect(
      ingestBatch(t.db, crashed, crashedEvents, {
        afterEffect: () => {
          if (++calls === 3) throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    expect(await snapshot(crashed.id)).toEqual({ accounts: [], teammates: [], attempts: 0, seen: 0, pending: 0 });

    const retried = await ingestBatch(t.db, crashed, crashedEvents);
    const single = await ingestBatch(t.db, once, events("b"));
    expect(statuses(retried)).toEqual(statuses(single));
    expect(await snapshot(crashed.id)).toEqual(await snapshot(once.id));
    expect((await snapshot(once.id)).attempts).toBe(20);
  });
});

async function snapshot(sourceId: number) {
  const accounts = await t.db.account.findMany({
    where: { sourceId },
    orderBy: { externalId: "asc" },
    select: { externalId: true, plan: true, status: true },
  });
  const teammates = await t.db.teammate.findMany({ where: { sourceId }, orderBy: { externalId: "asc" }, select: { externalId: true, level: true } });
  const attempts = await t.db.loginAttempt.count({ where: { account: { sourceId } } });
  const seen = await t.db.ingestedEvent.count({ where: { sourceId } });
  const pending = await t.db.pendingIngestEvent.count({ where: { sourceId } });
  return { accounts, teammates, attempts, seen, pending };
}

describe("out of order", () => {
  it("an update before its create is parked, then applied when the account arrives", async () => {
    const s = await newSource();
    const early = await ingestBatch(t.db, s, [
      buildEvent("account.updated", { account_id: "o1", plan: "pro" }, { time: at(5) }),
      buildEvent("teammate.added", { account_id: "o1", teammate_id: "otm", username: "Oz", email: "oz@example.com", level: "owner" }, { time: at(2) }),
      buildEvent("login.attempted", { account_id: "o1", teammate_id: "otm", channel: "web", outcome: "success", ip: "192.0.2.4" }, { time: at(6) }),
    ]);
    expect(statuses(early)).toEqual(["accepted:parked", "accepted:parked", "accepted:parked"]);
    expect(await t.db.pendingIngestEvent.count({ where: { sourceId: s.id } })).toBe(3);
    await ingestBatch(t.db, s, [account("o1", 0, { plan: "free" })]);
    const f = await facts(s, "o1");
    expect(f.account.plan).toBe("pro");
    expect(f.teammates.map((x) => x.username)).toEqual(["Oz"]);
    expect(f.loginAttempts).toHaveLength(1);
    expect(f.loginAttempts[0]?.teammateId).toBe(f.teammates[0]?.id);
    expect(await t.db.pendingIngestEvent.count({ where: { sourceId: s.id } })).toBe(0);
  });

  it("a stale update after a newer one changes nothing; a field the newer one did not set still applies", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [account("o2", 0), buildEvent("account.updated", { account_id: "o2", plan: "premier" }, { time: at(10) })]);
    const stale = await ingestBatch(t.db, s, [
      buildEvent("account.updated", { account_id: "o2", plan: "essentials", email: "late@example.com" }, { time: at(5) }),
    ]);
    expect(statuses(stale)).toEqual(["accepted:applied"]);
    expect((await facts(s, "o2")).account).toMatchObject({ plan: "premier", email: "late@example.com" });
    const older = await ingestBatch(t.db, s, [buildEvent("account.updated", { account_id: "o2", plan: "free" }, { time: at(1) })]);
    expect(statuses(older)).toEqual(["accepted:superseded"]);
    expect((await facts(s, "o2")).account.plan).toBe("premier");
  });

  it("any order of the same events gives the same account", async () => {
    const updates = [
      buildEvent("account.updated", { account_id: "o3", plan: "pro" }, { time: at(5) }),
      buildEvent("account.updated", { account_id: "o3", plan: "premier", email: "o3b@example.com" }, { time: at(9) }),
      buildEvent("account.updated", { account_id: "o3", email: "o3a@example.com" }, { time: at(7) }),
    ];
    const create = account("o3", 0, { plan: "free" });
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ];
    const outcomes = [];
    for (const [n, order] of orders.entries()) {
      const s = await newSource();
      const events = [{ ...create, data: { ...create.data, username: `o3_${n}` } }, ...updates];
      // One event per delivery: the worst case for ordering.
      for (const i of order) await ingestBatch(t.db, s, [events[i]]);
      const a = (await facts(s, "o3")).account;
      outcomes.push([a.plan, a.email]);
    }
    expect(outcomes).toEqual([
      ["premier", "o3b@example.com"],
      ["premier", "o3b@example.com"],
      ["premier", "o3b@example.com"],
    ]);
  });

  it("deletes are tombstones: a late update, or a replayed create, does not resurrect", async () => {
    const s = await newSource();
    const create = account("o4", 0);
    await ingestBatch(t.db, s, [buildEvent("account.deleted", { account_id: "o4" }, { time: at(10) })]);
    await ingestBatch(t.db, s, [create]);
    const id = await accountId(s, "o4");
    expect((await t.db.account.findUniqueOrThrow({ where: { id }, select: { deletedAt: true } })).deletedAt).toEqual(at(10));
    const late = await ingestBatch(t.db, s, [
      buildEvent("account.updated", { account_id: "o4", plan: "pro" }, { time: at(20) }),
      account("o4", 30, { plan: "premier" }),
    ]);
    expect(statuses(late)).toEqual(["accepted:superseded", "accepted:superseded"]);
    expect((await facts(s, "o4")).account.plan).toBe("free");
  });

  it("a removed teammate, revoked key or removed integration stays so whatever arrives late", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [
      account("o5", 0),
      buildEvent("teammate.added", { account_id: "o5", teammate_id: "o5t", username: "Tom", email: "tom@example.com", level: "admin" }, { time: at(1) }),
      buildEvent("api_key.created", { account_id: "o5", api_key_id: "o5k", name: "k", prefix: "SG.o5o5o5" }, { time: at(1) }),
      buildEvent("integration.added", { account_id: "o5", integration_id: "o5i", kind: "smtp_relay", name: "relay", api_user: "apikey" }, { time: at(1) }),
      buildEvent("teammate.removed", { account_id: "o5", teammate_id: "o5t" }, { time: at(10) }),
      buildEvent("api_key.revoked", { account_id: "o5", api_key_id: "o5k" }, { time: at(10) }),
      buildEvent("integration.removed", { account_id: "o5", integration_id: "o5i" }, { time: at(10) }),
    ]);
    const late = await ingestBatch(t.db, s, [
      buildEvent("teammate.changed", { account_id: "o5", teammate_id: "o5t", level: "owner" }, { time: at(20) }),
      buildEvent("teammate.added", { account_id: "o5", teammate_id: "o5t", username: "Tom", email: "tom@example.com", level: "owner" }, { time: at(21) }),
      buildEvent("integration.added", { account_id: "o5", integration_id: "o5i", kind: "smtp_relay", name: "relay 2", api_user: "apikey" }, { time: at(21) }),
    ]);
    expect(statuses(late)).toEqual(["accepted:superseded", "accepted:superseded", "accepted:superseded"]);
    const f = await facts(s, "o5");
    expect(f.teammates.map((x) => [x.level, x.deletedAt])).toEqual([["ADMIN", at(10)]]);
    expect(f.apiKeys[0]?.revokedAt).toEqual(at(10));
    expect(f.integrations).toEqual([]);
  });

  it("a late, older success does not move the last login back", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [account("o6", 0)]);
    const ok = (m: number) => buildEvent("login.attempted", { account_id: "o6", channel: "web", outcome: "success", ip: "192.0.2.6" }, { time: at(m) });
    await ingestBatch(t.db, s, [ok(50)]);
    await ingestBatch(t.db, s, [ok(20)]);
    expect((await facts(s, "o6")).account.lastLoginAt).toEqual(at(50));
  });
});

describe("per-event results", () => {
  it("rejects an invalid event with the field and what was expected, and applies the others", async () => {
    const s = await newSource();
    const bad = [
      { ...account("r0", 0), specversion: "0.3" },
      { ...account("r0", 0), id: "" },
      { ...account("r0", 0), type: "account.exploded" },
      { ...account("r0", 0), time: undefined },
      { ...account("r0", 0), time: "yesterday" },
      buildEvent("login.attempted", { account_id: "r0", channel: "fax" as "web", outcome: "success", ip: "192.0.2.1" }, { time: at(1) }),
      buildEvent("login.attempted", { account_id: "r0", channel: "web", outcome: "failure", ip: "192.0.2.1" } as never, { time: at(1) }),
      buildEvent("login.attempted", { account_id: "r0", channel: "web", outcome: "success", ip: "not-an-ip" }, { time: at(1) }),
      "not an object",
    ];
    const results = await ingestBatch(t.db, s, [...bad, account("r1", 0)]);
    const reasons = results.slice(0, bad.length).map((r) => (r.status === "rejected" ? r.reason.split(":")[0] : r.status));
    expect(reasons).toEqual(["specversion", "id", "type", "time", "time", "data.channel", "data.reason", "data.ip", "event"]);
    expect(results.at(-1)).toMatchObject({ status: "accepted", effect: "applied" });
    expect(await t.db.ingestedEvent.count({ where: { sourceId: s.id } })).toBe(1);
  });

  it("a stateful event refused by the database leaves no partial write and its id can be sent again", async () => {
    const s = await newSource();
    await ingestBatch(t.db, s, [account("u1", 0, { username: "taken" })]);
    const clash = account("u2", 1, { username: "TAKEN" });
    const results = await ingestBatch(t.db, s, [
      clash,
      buildEvent("account.banned", { account_id: "u1", reason: "spam", dedicated_ips: [{ address: "198.18.1.1" }] }, { time: at(2) }),
    ]);
    expect(results[0]?.status === "rejected" && results[0].reason).toMatch(/^data\.username/);
    expect(results[1]).toMatchObject({ status: "accepted", effect: "applied" });
    expect(await t.db.account.count({ where: { sourceId: s.id } })).toBe(1);
    const fixed = { ...clash, data: { ...clash.data, username: "free_name" } };
    expect(statuses(await ingestBatch(t.db, s, [fixed]))).toEqual(["accepted:applied"]);
  });

  it("a type the source may not send is rejected per event", async () => {
    const s = await newSource(["login.attempted"]);
    const results = await ingestBatch(t.db, s, [account("n1", 0)]);
    expect(results[0]).toMatchObject({ status: "rejected", reason: 'type: this source may not send "account.created"' });
  });
});

it("every catalogue type is covered by this file", () => {
  const covered: EventType[] = [
    "account.created",
    "account.updated",
    "account.deleted",
    "account.terminated",
    "account.banned",
    "signup.created",
    "signup.confirmation_sent",
    "signup.confirmed",
    "signup.expired",
    "teammate.added",
    "teammate.changed",
    "teammate.removed",
    "api_key.created",
    "api_key.revoked",
    "integration.added",
    "integration.removed",
    "credential.changed",
    "login.attempted",
    "invoice.issued",
    "invoice.paid",
    "billing.warning_sent",
  ];
  expect(new Set(covered).size).toBe(21);
});
