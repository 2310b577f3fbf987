// The lead's thirty-second questions (issue #21, item 9): an account by its username or
// email, a ticket however it is spelled, several actions at once, the routine reads
// hidden, the time presets, and the count above the table. Through the URL parser, as
// the page and the CSV export read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { parseAuditLogParams } from "@/lib/validation/audit-log";
import { countAuditEntriesUpTo, fetchAuditBatch, listAuditEntries } from "./list-audit-entries";

let t: TestDatabase;
let alice = 0;
const NOW = new Date("2026-06-15T12:00:00Z");
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

beforeAll(async () => {
  t = await createTestDatabase();
  alice = (await t.db.account.create({ data: { username: "Alice", usernameLower: "alice", email: "Alice@X.test", emailLower: "alice@x.test" } })).id;
  const bob = (await t.db.account.create({ data: { username: "bob", usernameLower: "bob", email: "bob@x.test", emailLower: "bob@x.test" } })).id;
  const entry = (action: string, hoursAgo: number, extra: { ticketRef?: string; targetAccountId?: number } = {}) => ({
    createdAt: ago(hoursAgo),
    actorEmail: "lead@x.test",
    action,
    outcome: "DONE" as const,
    ...extra,
  });
  await t.db.auditEntry.createMany({
    data: [
      entry("account.view", 1, { targetAccountId: alice }),
      entry("recovery.send_password_reset", 2, { targetAccountId: alice, ticketRef: "ZD-48213" }),
      entry("recovery.send_username", 3, { targetAccountId: bob, ticketRef: "#48213" }),
      entry("recovery.send_username", 4, { targetAccountId: bob, ticketRef: "148213" }),
      entry("auth.sign_in", 30),
      entry("staff.change_role", 30),
      entry("source.create", 24 * 8),
    ],
  });
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

/** The actions of the entries the URL's filter finds, newest first. */
async function found(url: string): Promise<string[]> {
  const parsed = parseAuditLogParams(new URLSearchParams(url));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const page = await listAuditEntries(t.db, { ...parsed.query, now: NOW });
  return page.entries.map((e) => `${e.action}${e.ticketRef ? ` ${e.ticketRef}` : ""}`);
}

describe("the audit log's account filter", () => {
  it("takes an exact username or email in any case, as well as the id", async () => {
    const alices = ["recovery.send_password_reset ZD-48213", "account.view"].reverse();
    expect(await found(`account=${alice}`)).toEqual(alices);
    expect(await found("account=ALICE")).toEqual(alices);
    expect(await found("account=alice@x.test")).toEqual(alices);
    // Exact: a prefix finds nothing.
    expect(await found("account=alic")).toEqual([]);
  });
});

describe("the audit log's ticket filter", () => {
  it.each(["48213", "zd-48213", "ZD 48213", "#48213", "zd48213"])("'%s' finds every spelling of ticket 48213, not 148213", async (typed) => {
    expect(await found(`ticket=${encodeURIComponent(typed)}`)).toEqual(["recovery.send_password_reset ZD-48213", "recovery.send_username #48213"]);
  });
});

describe("actions, routine reads and time presets", () => {
  it("several actions at once, from repeated or comma-separated parameters", async () => {
    const both = ["recovery.send_password_reset ZD-48213", "staff.change_role"];
    expect(await found("action=recovery.send_password_reset&action=staff.change_role")).toEqual(both);
    expect(await found("action=recovery.send_password_reset,staff.change_role")).toEqual(both);
    expect(parseAuditLogParams(new URLSearchParams("action=account.view&action=drop.tables")).errors.action).toBe("Pick an action from the list.");
  });

  it("hides views and sign-ins on request", async () => {
    const shown = await found("quiet=1");
    expect(shown).not.toContain("account.view");
    expect(shown).not.toContain("auth.sign_in");
    expect(shown).toContain("staff.change_role");
  });

  it("today, the last 24 hours and the last 7 days", async () => {
    expect(await found("within=24h")).toHaveLength(4);
    expect(await found("within=7d")).toHaveLength(6);
    // Today in UTC started 12 hours before NOW; in Tokyo (UTC+9) at 15:00 UTC the day before.
    const today = parseAuditLogParams(new URLSearchParams("within=today"));
    if (!today.ok) throw new Error("unparsed");
    expect((await listAuditEntries(t.db, { ...today.query, now: NOW })).entries).toHaveLength(4);
    expect((await listAuditEntries(t.db, { ...today.query, now: NOW, timeZone: "Asia/Tokyo" })).entries).toHaveLength(4);
    expect((await listAuditEntries(t.db, { ...today.query, now: new Date(NOW.getTime() + 13 * HOUR), timeZone: "UTC" })).entries).toHaveLength(0);
  });

  it("the export reads the same filter as the page, and the count says how many", async () => {
    const parsed = parseAuditLogParams(new URLSearchParams("ticket=zd-48213&quiet=1"));
    if (!parsed.ok) throw new Error("unparsed");
    const { cursor: _c, limit: _l, ...filter } = parsed.query;
    const batch = await fetchAuditBatch(t.db, { ...filter, now: NOW }, null, 100);
    expect(batch.rows.map((r) => r.ticketRef)).toEqual(["ZD-48213", "#48213"]);
    expect(await countAuditEntriesUpTo(t.db, { ...filter, now: NOW })).toBe(2);
  });
});

describe("ticket wildcards", () => {
  it("an underscore or percent sign in a ticket is a character, not a LIKE wildcard", async () => {
    await t.db.auditEntry.create({ data: { createdAt: ago(1), actorEmail: "lead@x.test", action: "email.retry", outcome: "DONE", ticketRef: "OPSXX" } });
    expect(await found("ticket=ops_x")).toEqual([]);
    expect(await found("ticket=%25")).toEqual([]);
    expect(await found("ticket=opsxx")).toEqual(["email.retry OPSXX"]);
  });
});
