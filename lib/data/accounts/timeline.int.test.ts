import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { seedAccount } from "@/prisma/seed/factories";
import { getTimeline, type TimelineEntry, type TimelineQuery } from "./timeline";

let t: TestDatabase;
let accountId = 0;
const now = new Date("2026-11-18T15:30:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  const seeded = await seedAccount(t.db, { scenario: "banned_with_wrong_password", now });
  accountId = seeded.accountId ?? 0;
  // Several events at the very same instant, to prove the cursor splits ties exactly.
  const tie = new Date("2026-11-17T10:00:00Z");
  await t.db.loginAttempt.createMany({
    data: Array.from({ length: 5 }, () => ({
      accountId,
      channel: "WEB" as const,
      outcome: "FAILURE" as const,
      reason: "WRONG_PASSWORD" as const,
      ip: "192.0.2.10",
      occurredAt: tie,
    })),
  });
  await t.db.credentialChange.create({ data: { accountId, kind: "PASSWORD", actorLabel: "tie-test", occurredAt: tie } });
});
afterAll(async () => {
  await t?.drop();
});

async function everything(query: TimelineQuery): Promise<TimelineEntry[]> {
  const all: TimelineEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await getTimeline(t.db, accountId, { ...query, ...(cursor ? { cursor } : {}) });
    all.push(...result.entries);
    if (!result.nextCursor) return all;
    cursor = result.nextCursor;
  }
  throw new Error("timeline never ended");
}

describe("account timeline", () => {
  it("pages through every event exactly once, newest first, whatever the page size", async () => {
    const [attempts, changes, warnings, invoices, bans] = await Promise.all([
      t.db.loginAttempt.count({ where: { accountId } }),
      t.db.credentialChange.count({ where: { accountId } }),
      t.db.billingWarning.count({ where: { accountId } }),
      t.db.invoice.count({ where: { accountId } }),
      t.db.ban.count({ where: { accountId } }),
    ]);
    const expected = attempts + changes + warnings + invoices + bans;
    const big = await everything({ limit: 200 });
    const small = await everything({ limit: 7 });
    expect(big).toHaveLength(expected);
    expect(small.map((e) => e.key)).toEqual(big.map((e) => e.key));
    expect(new Set(big.map((e) => e.key)).size).toBe(expected);
    for (let i = 1; i < big.length; i++) expect(big[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(big[i]!.at.getTime());
    expect(big.some((e) => e.kind === "ban")).toBe(true);
  });

  it("filters by kind and by channel", async () => {
    const credential = await everything({ kinds: ["credential"], limit: 50 });
    expect(credential.length).toBeGreaterThan(0);
    expect(credential.every((e) => e.kind === "credential")).toBe(true);
    const api = await everything({ channel: "API", limit: 50 });
    expect(api.length).toBeGreaterThan(0);
    expect(api.every((e) => e.kind === "login" && e.detail?.startsWith("API login"))).toBe(true);
  });

  it("hides staff page views unless the staff filter asks for them, and keeps staff actions that change something", async () => {
    const viewedAt = new Date(now.getTime() + 60_000);
    await t.db.auditEntry.createMany({
      data: [
        { actorEmail: "agent@console.example", action: "account.view", outcome: "DONE", targetAccountId: accountId, createdAt: viewedAt },
        { actorEmail: "agent@console.example", action: "account.view", outcome: "DONE", targetAccountId: accountId, createdAt: viewedAt },
        {
          actorEmail: "agent@console.example",
          action: "recovery.send_password_reset",
          outcome: "DONE",
          targetAccountId: accountId,
          ticketRef: "T-1",
          createdAt: viewedAt,
        },
      ],
    });
    const everythingByDefault = await everything({ limit: 50 });
    const staff = everythingByDefault.filter((e) => e.kind === "staff");
    expect(staff.map((e) => e.title)).toEqual(["Sent a password reset · agent@console.example"]);
    const staffFilter = await everything({ kinds: ["staff"], limit: 50 });
    expect(staffFilter.filter((e) => e.title === "Viewed an account · agent@console.example")).toHaveLength(2);
    expect(staffFilter).toHaveLength(3);
  });

  it("reads as sentences starting with a capital, never enum codes", async () => {
    const all = await everything({ limit: 200 });
    for (const e of all) {
      expect(e.title, e.title).toMatch(/^[A-Z]/);
      expect(e.title, e.title).not.toMatch(/[A-Z]{2,}_[A-Z]/);
    }
    expect(all.some((e) => e.title === "Wrong password")).toBe(true);
  });

  it("starts from the newest entry when the cursor in the URL was tampered with", async () => {
    const first = await getTimeline(t.db, accountId, { limit: 5 });
    const tampered = await getTimeline(t.db, accountId, { limit: 5, cursor: "not-a-cursor" });
    expect(tampered.entries.map((e) => e.key)).toEqual(first.entries.map((e) => e.key));
  });
});
