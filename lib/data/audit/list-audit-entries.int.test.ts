import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { AuditOutcome } from "@/lib/generated/prisma/enums";
import { parseAuditLogParams, type AuditLogQuery } from "@/lib/validation/audit-log";
import { fetchAuditBatch, listAuditEntries, type AuditPosition } from "./list-audit-entries";

let t: TestDatabase;
const staff: Record<"lead" | "agent" | "admin", string> = { lead: "", agent: "", admin: "" };
let alice = 0;
let bob = 0;
let signUpId = 0;

interface Known {
  id: bigint;
  createdAt: Date;
  actorId: string | null;
  action: string;
  outcome: AuditOutcome;
  targetAccountId: number | null;
  ticketRef: string | null;
}
let all: Known[] = [];

const BASE = Date.parse("2026-03-01T00:00:00.000Z");
const HOUR = 3_600_000;
const outcomeOf = (i: number): AuditOutcome => (i % 5 === 0 ? "REFUSED" : i % 7 === 0 ? "FAILED" : "DONE");
const ACTIONS = ["account.view", "recovery.send_password_reset", "access.denied", "auth.sign_in"] as const;

// Newest first, ties by id: the order the log promises.
const byLogOrder = (a: Known, b: Known) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);

beforeAll(async () => {
  t = await createTestDatabase();
  staff.lead = (await t.db.staffUser.create({ data: { email: "lead@log.test", name: "Lena Lead", role: "LEAD" } })).id;
  staff.agent = (await t.db.staffUser.create({ data: { email: "agent@log.test", name: "Aga Agent", role: "AGENT" } })).id;
  staff.admin = (await t.db.staffUser.create({ data: { email: "admin@log.test", name: "Adam Admin", role: "ADMIN" } })).id;
  alice = (await t.db.account.create({ data: { username: "Alice", usernameLower: "alice", email: "alice@x.test", emailLower: "alice@x.test" } })).id;
  bob = (await t.db.account.create({ data: { username: "Bob", usernameLower: "bob", email: "bob@x.test", emailLower: "bob@x.test" } })).id;
  signUpId = (
    await t.db.signUp.create({
      data: {
        username: "carol",
        usernameLower: "carol",
        email: "c@x.test",
        emailLower: "c@x.test",
        lastConfirmationSentAt: new Date(BASE),
        confirmationExpiresAt: new Date(BASE),
      },
    })
  ).id;

  const actors = [staff.lead, staff.agent, staff.admin];
  const rows = Array.from({ length: 130 }, (_, i) => ({
    // Triples share one instant, so pages break inside groups of equal created_at.
    createdAt: new Date(BASE + Math.floor(i / 3) * 7 * HOUR),
    actorId: actors[i % 3] ?? null,
    actorEmail: `actor${i % 3}@log.test`,
    action: ACTIONS[i % 4] ?? "account.view",
    outcome: outcomeOf(i),
    targetAccountId: i % 2 ? alice : i % 3 === 0 ? bob : null,
    ticketRef: i % 10 === 0 ? "T-100" : null,
    detail: { n: i, where: "test" },
  }));
  // Inserted out of time order, so ids do not follow created_at.
  const shuffled = rows
    .map((r, i) => ({ r, k: (i * 7919) % 131 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
  await t.db.auditEntry.createMany({ data: shuffled });
  // Day-boundary entries for the inclusive date range (2026-04-10, UTC).
  await t.db.auditEntry.createMany({
    data: [
      { createdAt: new Date("2026-04-09T23:59:59.999Z"), actorEmail: "edge@log.test", action: "auth.sign_out", outcome: "DONE" },
      { createdAt: new Date("2026-04-10T00:00:00.000Z"), actorEmail: "edge@log.test", action: "auth.sign_out", outcome: "DONE" },
      { createdAt: new Date("2026-04-10T23:59:59.999Z"), actorEmail: "edge@log.test", action: "auth.sign_out", outcome: "DONE", targetSignUpId: signUpId },
      { createdAt: new Date("2026-04-11T00:00:00.000Z"), actorEmail: "edge@log.test", action: "auth.sign_out", outcome: "DONE" },
    ],
  });
  all = (
    await t.db.auditEntry.findMany({
      select: { id: true, createdAt: true, actorId: true, action: true, outcome: true, targetAccountId: true, ticketRef: true },
    })
  ).sort(byLogOrder);
});
afterAll(async () => {
  await t?.drop();
});

/** Walks every page with Older links; returns the ids in the order shown. */
async function walk(query: AuditLogQuery): Promise<{ ids: string[]; pages: number; cursors: (string | null)[] }> {
  const ids: string[] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await listAuditEntries(t.db, { ...query, ...(cursor ? { cursor } : {}) });
    pages++;
    cursors.push(cursor ?? null);
    ids.push(...page.entries.map((e) => e.id));
    if (!page.olderCursor) return { ids, pages, cursors };
    cursor = page.olderCursor;
    if (pages > 1000) throw new Error("paging does not end");
  }
}

const expectIds = (pred: (k: Known) => boolean) => all.filter(pred).map((k) => k.id.toString());

describe("listAuditEntries paging", () => {
  it("walks every entry exactly once, newest first, across pages that split equal timestamps", async () => {
    const { ids, pages } = await walk({ limit: 7 });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expectIds(() => true));
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it("goes back with Newer links to exactly the pages seen on the way down", async () => {
    const down: string[][] = [];
    let page = await listAuditEntries(t.db, { limit: 10 });
    expect(page.isFirstPage).toBe(true);
    expect(page.newerCursor).toBeNull();
    down.push(page.entries.map((e) => e.id));
    for (let i = 0; i < 5 && page.olderCursor; i++) {
      page = await listAuditEntries(t.db, { limit: 10, cursor: page.olderCursor });
      down.push(page.entries.map((e) => e.id));
    }
    const up: string[][] = [page.entries.map((e) => e.id)];
    while (page.newerCursor) {
      page = await listAuditEntries(t.db, { limit: 10, cursor: page.newerCursor });
      up.push(page.entries.map((e) => e.id));
    }
    expect(up.reverse()).toEqual(down);
    expect(page.isFirstPage).toBe(true);
  });

  it("lists oldest first with dir=asc: every entry once, in exactly the reverse order, paging forward with Newer links", async () => {
    const ids: string[] = [];
    let page = await listAuditEntries(t.db, { limit: 7, dir: "asc" });
    expect(page.isFirstPage).toBe(true);
    expect(page.olderCursor).toBeNull();
    ids.push(...page.entries.map((e) => e.id));
    while (page.newerCursor) {
      page = await listAuditEntries(t.db, { limit: 7, dir: "asc", cursor: page.newerCursor });
      expect(page.isFirstPage).toBe(false);
      ids.push(...page.entries.map((e) => e.id));
    }
    expect(ids).toEqual(expectIds(() => true).reverse());
  });

  it("goes back with Older links in oldest-first order to exactly the pages seen on the way", async () => {
    const forward: string[][] = [];
    let page = await listAuditEntries(t.db, { limit: 10, dir: "asc", action: ["account.view"] });
    forward.push(page.entries.map((e) => e.id));
    for (let i = 0; i < 2 && page.newerCursor; i++) {
      page = await listAuditEntries(t.db, { limit: 10, dir: "asc", action: ["account.view"], cursor: page.newerCursor });
      forward.push(page.entries.map((e) => e.id));
    }
    expect(forward).toHaveLength(3);
    const back: string[][] = [page.entries.map((e) => e.id)];
    while (page.olderCursor) {
      page = await listAuditEntries(t.db, { limit: 10, dir: "asc", action: ["account.view"], cursor: page.olderCursor });
      back.push(page.entries.map((e) => e.id));
    }
    expect(back.reverse()).toEqual(forward);
    expect(page.isFirstPage).toBe(true);
  });

  it("reads the order from the URL and refuses an unknown one", () => {
    expect(parseAuditLogParams(new URLSearchParams("dir=asc"))).toMatchObject({ ok: true, query: { dir: "asc" } });
    const bad = parseAuditLogParams(new URLSearchParams("dir=sideways"));
    expect(bad.ok).toBe(false);
    expect(bad.errors.dir).toContain("oldest first");
  });

  it("starts over at the newest entry when the cursor is unreadable", async () => {
    const first = await listAuditEntries(t.db, { limit: 5 });
    for (const cursor of ["garbage", Buffer.from('{"at":"x","id":"1","d":"o"}').toString("base64url")]) {
      const page = await listAuditEntries(t.db, { limit: 5, cursor });
      expect(page.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
      expect(page.isFirstPage).toBe(true);
    }
  });
});

describe("listAuditEntries filters", () => {
  it.each([
    ["actor", () => ({ actor: staff.agent }), (k: Known) => k.actorId === staff.agent],
    ["action", () => ({ action: ["access.denied" as const] }), (k: Known) => k.action === "access.denied"],
    ["outcome REFUSED", () => ({ outcome: "REFUSED" as const }), (k: Known) => k.outcome === "REFUSED"],
    ["outcome FAILED", () => ({ outcome: "FAILED" as const }), (k: Known) => k.outcome === "FAILED"],
    ["account", () => ({ account: bob }), (k: Known) => k.targetAccountId === bob],
    ["ticket", () => ({ ticket: "T-100" }), (k: Known) => k.ticketRef === "T-100"],
    [
      "combined",
      () => ({ action: ["recovery.send_password_reset" as const], account: alice, outcome: "DONE" as const }),
      (k: Known) => k.action === "recovery.send_password_reset" && k.targetAccountId === alice && k.outcome === "DONE",
    ],
  ])("%s narrows to exactly the matching entries", async (_name, filter, pred) => {
    const expected = expectIds(pred);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect((await walk({ ...filter(), limit: 9 })).ids).toEqual(expected);
  });

  it("includes whole UTC days at both ends of the date range", async () => {
    const { ids } = await walk({ from: "2026-04-10", to: "2026-04-10" });
    const times = all.filter((k) => ids.includes(k.id.toString())).map((k) => k.createdAt.toISOString());
    expect(times).toEqual(["2026-04-10T23:59:59.999Z", "2026-04-10T00:00:00.000Z"]);
    const march = await walk({ from: "2026-03-02", to: "2026-03-03" });
    expect(march.ids).toEqual(expectIds((k) => k.createdAt >= new Date("2026-03-02T00:00:00Z") && k.createdAt < new Date("2026-03-04T00:00:00Z")));
  });

  it("reads the days in the viewer's time zone when one is given (DST included)", async () => {
    // Paris is UTC+2 in April: its 2026-04-10 runs from 04-09T22:00Z to 04-10T22:00Z, so it
    // holds the entry at 00:00Z but not the one at 23:59:59.999Z (01:59 on the 11th there).
    const paris = await walk({ from: "2026-04-10", to: "2026-04-10", timeZone: "Europe/Paris" });
    expect(paris.ids).toEqual(expectIds((k) => k.createdAt >= new Date("2026-04-09T22:00:00Z") && k.createdAt < new Date("2026-04-10T22:00:00Z")));
    expect(paris.ids).toContain(all.find((k) => k.createdAt.toISOString() === "2026-04-10T00:00:00.000Z")?.id.toString());
    expect(paris.ids).not.toContain(all.find((k) => k.createdAt.toISOString() === "2026-04-10T23:59:59.999Z")?.id.toString());
    // Across the spring change (2026-03-29, a 23-hour day in Paris): from the 2nd to the 29th inclusive.
    const march = await walk({ from: "2026-03-02", to: "2026-03-29", timeZone: "Europe/Paris" });
    expect(march.ids).toEqual(expectIds((k) => k.createdAt >= new Date("2026-03-01T23:00:00Z") && k.createdAt < new Date("2026-03-29T22:00:00Z")));
  });

  it("matches nothing for a filter no entry has", async () => {
    const page = await listAuditEntries(t.db, { ticket: "T-none" });
    expect(page).toMatchObject({ entries: [], olderCursor: null, newerCursor: null });
  });

  it("turns garbage URL input into field errors instead of a query", () => {
    const parsed = parseAuditLogParams(new URLSearchParams("account=00&from=2026-05-02&to=2026-05-01&outcome=OK"));
    expect(parsed.ok).toBe(false);
    expect(Object.keys(parsed.errors).sort()).toEqual(["account", "from", "outcome"]);
  });
});

describe("audit entry DTOs", () => {
  it("carry plain values: string ids, ISO dates, the actor's name, the account's username and a short detail", async () => {
    const page = await listAuditEntries(t.db, { account: alice, limit: 1 });
    const entry = page.entries[0];
    expect(entry).toMatchObject({ accountId: alice, accountUsername: "Alice", detailSummary: expect.stringMatching(/^n: \d+ · where: test$/) as unknown });
    expect(typeof entry?.id).toBe("string");
    expect(entry?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(["Lena Lead", "Aga Agent", "Adam Admin"]).toContain(entry?.actorName);
    const signUp = await listAuditEntries(t.db, { from: "2026-04-10", to: "2026-04-10", limit: 1 });
    expect(signUp.entries[0]).toMatchObject({ signUpId, accountId: null, actorName: null, detailSummary: null });
  });
});

describe("fetchAuditBatch (export)", () => {
  it("returns the same entries in the same order as the page, batch by batch", async () => {
    const ids: string[] = [];
    let cursor: AuditPosition | null = null;
    let batches = 0;
    do {
      const batch: Awaited<ReturnType<typeof fetchAuditBatch>> = await fetchAuditBatch(t.db, { outcome: "DONE" }, cursor, 13);
      ids.push(...batch.rows.map((r) => r.id));
      cursor = batch.next;
      batches++;
    } while (cursor);
    expect(ids).toEqual(expectIds((k) => k.outcome === "DONE"));
    expect(batches).toBeGreaterThanOrEqual(Math.ceil(ids.length / 13));
  });
});
