import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { listRecentlyOpened } from "./recently-opened";

let t: TestDatabase;
let agent = "";
let other = "";
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  agent = (await t.db.staffUser.create({ data: { email: "agent@recent.test", name: "Agent", role: "AGENT" } })).id;
  other = (await t.db.staffUser.create({ data: { email: "other@recent.test", name: "Other", role: "AGENT" } })).id;
  for (let i = 0; i < 14; i++) {
    const account = await t.db.account.create({
      data: { username: `recent-${i}`, usernameLower: `recent-${i}`, email: `recent-${i}@recent.test`, emailLower: `recent-${i}@recent.test` },
    });
    ids.push(account.id);
  }
});
afterAll(async () => {
  await t?.drop();
});

const view = (actorId: string, accountId: number, minutesAgo: number, action = "account.view") => ({
  actorId,
  actorEmail: "x@recent.test",
  action,
  outcome: "DONE" as const,
  targetAccountId: accountId,
  createdAt: new Date(Date.UTC(2026, 10, 30, 12) - minutesAgo * 60_000),
});

describe("recently opened accounts", () => {
  it("lists the last distinct accounts this staff user opened, newest first, at most ten, ignoring other users and other actions", async () => {
    const a = (i: number) => ids[i]!;
    await t.db.auditEntry.createMany({
      data: [
        // Account 0 opened 250 times just now: the walk crosses several batches of repeats.
        ...Array.from({ length: 250 }, (_, k) => view(agent, a(0), k / 100)),
        ...Array.from({ length: 12 }, (_, i) => view(agent, a(i + 1), 10 + i)),
        view(agent, a(1), 500),
        view(other, a(13), 0),
        view(agent, a(13), 1, "recovery.send_password_reset"),
      ],
    });
    const recent = await listRecentlyOpened(t.db, agent);
    expect(recent.map((r) => r.username)).toEqual(["recent-0", ...Array.from({ length: 9 }, (_, i) => `recent-${i + 1}`)]);
    expect(recent[0]!.openedAt.toISOString()).toBe("2026-11-30T12:00:00.000Z");
    expect(await listRecentlyOpened(t.db, other)).toHaveLength(1);
  });

  it("says each account's verdict (banned, a banned parent, locked, not blocked) rather than its raw status", async () => {
    const now = new Date(Date.UTC(2026, 10, 30, 12));
    const make = (username: string, data: Record<string, unknown> = {}) =>
      t.db.account.create({ data: { username, usernameLower: username, email: `${username}@v.test`, emailLower: `${username}@v.test`, ...data } });
    const banned = await make("v-banned", { status: "BANNED" });
    const sub = await make("v-sub", { parentId: banned.id });
    const locked = await make("v-locked", { lockedUntil: new Date(now.getTime() + 2 * 3_600_000) });
    const fine = await make("v-fine");
    const viewer = (await t.db.staffUser.create({ data: { email: "verdicts@recent.test", name: "V", role: "AGENT" } })).id;
    await t.db.auditEntry.createMany({ data: [banned, sub, locked, fine].map((a, i) => view(viewer, a.id, i)) });
    const verdicts = Object.fromEntries((await listRecentlyOpened(t.db, viewer, 10, now)).map((r) => [r.username, r.verdict]));
    expect(verdicts["v-banned"]).toEqual({ text: "Banned", tone: "danger" });
    expect(verdicts["v-sub"]?.text).toContain("v-banned");
    expect(verdicts["v-sub"]?.tone).toBe("danger");
    expect(verdicts["v-locked"]?.text).toMatch(/^Locked/);
    expect(verdicts["v-fine"]).toEqual({ text: "Not diagnosed", tone: "neutral" });
  });

  it("is empty for someone who opened nothing", async () => {
    const fresh = (await t.db.staffUser.create({ data: { email: "fresh@recent.test", name: "Fresh", role: "AGENT" } })).id;
    expect(await listRecentlyOpened(t.db, fresh)).toEqual([]);
  });
});
