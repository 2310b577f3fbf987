// The account page reads its facts and its timeline in one SQL statement each
// (./account-sql.ts, ./timeline.ts). The diagnosis must not notice: for every seeded
// scenario and for an account that fills every list past its limit, the statement
// returns exactly what the Prisma queries it replaced returned (kept as the reference in
// lib/testing/prisma-account-reference.ts), rows, order, nulls and dates alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { referenceAccountFacts, referenceTimeline } from "@/lib/testing/prisma-account-reference";
import { SCENARIOS, seedAccount } from "@/prisma/seed/factories";
import { listOutboxEmails } from "@/lib/data/outbox/list-outbox-emails";
import { loadAccountFacts } from "./load-account-facts";
import { loadAccountPage } from "./load-account-page";
import { getTimeline, type TimelineQuery } from "./timeline";

const now = new Date("2026-11-18T15:30:00.000Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
let t: TestDatabase;
/** Every seeded account by name (the unconfirmed scenario has none: a sign-up only). */
const accounts = new Map<string, number>();
const NAMES = [...SCENARIOS.filter((s) => s !== "unconfirmed"), "every list full"];
let full = 0;

/** An account with every list non-empty and longer than its limit, and every nullable field both ways. */
async function seedFullAccount(db: TestDatabase["db"]): Promise<number> {
  const parent = await db.account.create({
    data: { username: "full-parent", usernameLower: "full-parent", email: "p@full.test", emailLower: "p@full.test", status: "BANNED", plan: "pro" },
  });
  const parentBan = await db.ban.create({
    data: { accountId: parent.id, bannedAt: new Date(now.getTime() - 3 * DAY), reason: "abuse", banEmailRef: "BAN-1", cascadeSubusers: true },
  });
  const account = await db.account.create({
    data: {
      username: "Full-Account",
      usernameLower: "full-account",
      email: "Full@Full.test",
      emailLower: "full@full.test",
      loginMethod: "UNIFIED_LOGIN",
      unifiedLoginId: "corp-42",
      status: "BANNED",
      plan: "pro",
      createdAt: new Date("2025-01-02T03:04:05.678Z"),
      confirmedAt: new Date("2025-01-02T04:00:00.001Z"),
      lastLoginAt: new Date(now.getTime() - 5 * MINUTE),
      passwordChangedAt: null,
      lockedUntil: new Date(now.getTime() + 10 * MINUTE),
      terminatedAt: null,
      parentId: parent.id,
    },
  });
  const id = account.id;
  await db.ban.create({ data: { accountId: id, bannedAt: new Date(now.getTime() - 2 * DAY), reason: "inherited", inheritedFromId: parentBan.id } });
  for (let i = 0; i < 4; i++) {
    await db.account.create({
      data: {
        username: `full-sub-${i}`,
        usernameLower: `full-sub-${i}`,
        email: `s${i}@full.test`,
        emailLower: `s${i}@full.test`,
        parentId: id,
        status: i % 2 ? "BANNED" : "ACTIVE",
      },
    });
  }
  const teammates: { id: number }[] = [];
  for (let i = 0; i < 6; i++) {
    teammates.push(
      await db.teammate.create({
        data: {
          accountId: id,
          username: `mate-${i}`,
          usernameLower: `mate-${i}`,
          email: `mate${i}@full.test`,
          emailLower: `mate${i}@full.test`,
          level: (["OWNER", "ADMIN", "RESTRICTED", "READ_ONLY", "BILLING", "RESTRICTED"] as const)[i] ?? "RESTRICTED",
          scopes: i === 2 ? ["mail.send", "stats.read"] : [],
          lastLoginAt: i % 2 ? null : new Date(now.getTime() - i * DAY),
          deletedAt: i === 5 ? new Date(now.getTime() - DAY) : null,
        },
      }),
    );
  }
  for (let i = 0; i < 5; i++) {
    await db.apiKey.create({
      data: {
        accountId: id,
        name: `key ${i}`,
        prefix: `SG.full${i}`,
        createdAt: new Date(now.getTime() - (i + 1) * 7 * DAY),
        lastUsedAt: i === 0 ? null : new Date(now.getTime() - i * DAY),
        createdById: teammates[i]?.id ?? null,
        revokedAt: i === 3 ? new Date(now.getTime() - DAY) : null,
        revokedById: i === 3 ? (teammates[1]?.id ?? null) : null,
      },
    });
  }
  await db.passwordIntegration.createMany({
    data: [
      { accountId: id, kind: "SMTP_RELAY", name: "relay", apiUser: "full-account", apiUserLower: "full-account", lastUsedAt: null },
      { accountId: id, kind: "LEGACY_API", name: "legacy", apiUser: "Full", apiUserLower: "full", lastUsedAt: new Date(now.getTime() - DAY) },
      { accountId: id, kind: "LEGACY_API", name: "removed", apiUser: "old", apiUserLower: "old", removedAt: new Date(now.getTime() - DAY) },
    ],
  });
  // 230 credential changes in the window (the facts keep 200) and some before it.
  await db.credentialChange.createMany({
    data: Array.from({ length: 240 }, (_, i) => ({
      accountId: id,
      kind: (["PASSWORD", "USERNAME", "EMAIL", "API_KEY_CREATED", "API_KEY_REVOKED"] as const)[i % 5] ?? "PASSWORD",
      teammateId: i % 3 ? (teammates[i % 6]?.id ?? null) : null,
      actorLabel: `actor ${i}`,
      ip: i % 4 ? `203.0.113.${i % 200}` : null,
      detail: i % 7 ? null : `detail ${i}`,
      occurredAt: new Date(now.getTime() - i * 9 * 60 * MINUTE - 17),
    })),
  });
  // 700 attempts in the window (the facts keep 500), 25 addresses of successful logins
  // (the unknown-username search keeps the first 20), and older ones outside the window.
  await db.loginAttempt.createMany({
    data: Array.from({ length: 760 }, (_, i) => ({
      accountId: id,
      teammateId: i % 5 === 0 ? (teammates[i % 6]?.id ?? null) : null,
      channel: (["WEB", "API", "SMTP"] as const)[i % 3] ?? "WEB",
      outcome: i % 4 === 0 ? ("SUCCESS" as const) : ("FAILURE" as const),
      reason: i % 4 === 0 ? null : ((["WRONG_PASSWORD", "BAD_API_KEY", "LOCKED", "BANNED"] as const)[i % 4] ?? null),
      usernameTried: i % 3 === 0 ? "Full-Account" : null,
      apiKeyPrefix: i % 3 === 1 ? "SG.full1" : null,
      ip: `198.51.100.${i % 25}`,
      occurredAt: new Date(now.getTime() - i * 3 * 60 * MINUTE - 11),
    })),
  });
  await db.loginAttempt.createMany({
    data: Array.from({ length: 210 }, (_, i) => ({
      accountId: null,
      channel: "WEB" as const,
      outcome: "FAILURE" as const,
      reason: "UNKNOWN_USERNAME" as const,
      usernameTried: `full-typo-${i}`,
      ip: `198.51.100.${i % 30}`,
      // The last ten are older than the window.
      occurredAt: new Date(now.getTime() - (i < 200 ? i * 7 * 60 * MINUTE : (95 + i) * DAY) - 3),
    })),
  });
  for (let m = 0; m < 30; m++) {
    const period = new Date(Date.UTC(2026, 10 - m, 1));
    const invoice = await db.invoice.create({
      data: {
        accountId: id,
        period,
        amountCents: 1999 + m,
        currency: m % 2 ? "EUR" : "USD",
        issuedAt: new Date(period.getTime() + DAY),
        dueAt: new Date(period.getTime() + 15 * DAY),
        paidAt: m < 2 ? null : new Date(period.getTime() + 10 * DAY),
      },
    });
    await db.billingWarning.createMany({
      data: [0, 1].map((k) => ({
        accountId: id,
        invoiceId: k ? invoice.id : null,
        kind: (["PAYMENT_FAILED", "REMINDER", "FINAL_NOTICE", "TERMINATION_NOTICE"] as const)[(m + k) % 4] ?? "REMINDER",
        sentTo: "full@full.test",
        sentAt: new Date(period.getTime() + (16 + k) * DAY),
      })),
    });
  }
  await db.dedicatedIp.createMany({
    data: [
      { accountId: id, address: "192.0.2.1", assignedAt: new Date("2025-03-01T00:00:00Z") },
      { accountId: id, address: "192.0.2.2", assignedAt: new Date("2025-04-01T00:00:00Z"), removedAt: new Date(now.getTime() - DAY), removedReason: "ban" },
      { accountId: id, address: "192.0.2.3", assignedAt: new Date("2025-05-01T00:00:00Z"), removedAt: new Date(now.getTime() - DAY) },
    ],
  });
  const staff = await db.staffUser.create({ data: { email: "sql-test@staff.test", name: "Sql Test" } });
  await db.auditEntry.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      actorId: staff.id,
      actorEmail: staff.email,
      action: i % 3 ? "account.view" : "recovery.send_password_reset",
      outcome: i % 4 === 3 ? ("REFUSED" as const) : ("DONE" as const),
      code: i % 4 === 3 ? "ACCOUNT_BANNED" : null,
      targetAccountId: id,
      ticketRef: i % 2 ? `T-${i}` : null,
      createdAt: new Date(now.getTime() - i * 11 * MINUTE - 5),
    })),
  });
  // 24 customer emails (the page lists 20), with links in every state.
  const source = await db.eventSource.create({ data: { name: "full-platform", tokenHash: "full-hash", tokenPrefix: "cs_full" } });
  for (let i = 0; i < 24; i++) {
    const email = await db.emailOutbox.create({
      data: {
        kind: i % 3 === 2 ? "USERNAME_RECOVERY" : "PASSWORD_RESET",
        recipient: "full@full.test",
        accountId: id,
        status: (["QUEUED", "SENDING", "SENT", "FAILED"] as const)[i % 4] ?? "SENT",
        attempts: i % 4,
        lastError: i % 4 === 3 ? "550 mailbox unavailable" : null,
        sentAt: i % 4 === 2 ? new Date(now.getTime() - i * DAY + MINUTE) : null,
        requestedById: staff.id,
        ticketRef: i % 2 ? `T-${i}` : null,
        idempotencyKey: `full-${i}`,
        createdAt: new Date(now.getTime() - i * DAY),
        nextAttemptAt: new Date(now.getTime() - i * DAY),
      },
    });
    if (i % 3 === 2) continue;
    await db.passwordResetToken.create({
      data: {
        accountId: id,
        tokenHash: `full-token-${i}`,
        createdAt: email.createdAt,
        expiresAt: new Date(email.createdAt.getTime() + (i === 0 ? 2 : 1) * 60 * MINUTE),
        usedAt: i % 4 === 1 ? new Date(email.createdAt.getTime() + MINUTE) : null,
        usedBySourceId: i % 8 === 1 ? source.id : null,
        supersededAt: i % 4 === 3 ? new Date(email.createdAt.getTime() + 2 * MINUTE) : null,
        outboxId: email.id,
        requestedById: staff.id,
      },
    });
  }
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (const scenario of SCENARIOS) {
    const seeded = await seedAccount(t.db, { scenario, now });
    if (seeded.accountId !== null) accounts.set(scenario, seeded.accountId);
  }
  full = await seedFullAccount(t.db);
  accounts.set("every list full", full);
});
afterAll(async () => {
  await t?.drop();
});

describe("the account page's one statement reads what the Prisma queries read", () => {
  it.each(NAMES)("facts of %s", async (name) => {
    const id = accounts.get(name) ?? -1;
    const [statement, reference] = await Promise.all([loadAccountFacts(t.db, id, now), referenceAccountFacts(t.db, id, now)]);
    expect(statement).not.toBeNull();
    expect(statement).toEqual(reference);
  });

  it("the full account really fills every list to its limit (or the comparison proves little)", async () => {
    const facts = await loadAccountFacts(t.db, full, now);
    const s = facts?.subject;
    expect(s?.parent?.ban?.banEmailRef).toBe("BAN-1");
    expect(s?.ban?.inheritedFromId).not.toBeNull();
    expect(s?.loginAttempts).toHaveLength(500);
    expect(s?.credentialChanges).toHaveLength(200);
    expect(s?.unknownUsernameAttempts).toHaveLength(100);
    expect(new Set(s?.unknownUsernameAttempts.map((a) => a.ip)).size).toBe(20);
    expect(s?.invoices).toHaveLength(24);
    expect(s?.billingWarnings).toHaveLength(50);
    expect(s?.integrations.map((i) => i.name)).toEqual(["relay", "legacy"]);
    expect(s?.teammates.find((m) => m.username === "mate-2")?.scopes).toEqual(["mail.send", "stats.read"]);
    expect(s?.subusers).toHaveLength(4);
    expect(s?.dedicatedIps).toHaveLength(3);
  });

  it("no account, no facts", async () => {
    expect(await loadAccountFacts(t.db, 987_654, now)).toBeNull();
  });

  const queries: TimelineQuery[] = [
    { limit: 50 },
    { limit: 7 },
    { kinds: ["login"], channel: "API", limit: 20 },
    { kinds: ["billing"], limit: 5 },
    { kinds: ["staff"], limit: 5 },
    { kinds: ["credential", "ban"], limit: 30 },
    { channel: "SMTP", limit: 10 },
  ];
  it.each(queries.map((q) => [JSON.stringify(q), q] as const))("timeline %s, every page", async (_label, query) => {
    let cursor: string | undefined;
    for (let page = 0; page < 60; page++) {
      const q = { ...query, ...(cursor ? { cursor } : {}) };
      const [statement, reference] = await Promise.all([getTimeline(t.db, full, q), referenceTimeline(t.db, full, q)]);
      expect(statement).toEqual(reference);
      if (!statement.nextCursor) return;
      cursor = statement.nextCursor;
    }
  });

  it("timelines of every scenario, first page", async () => {
    expect(accounts.size).toBe(NAMES.length);
    for (const id of accounts.values()) expect(await getTimeline(t.db, id, { limit: 50 })).toEqual(await referenceTimeline(t.db, id, { limit: 50 }));
  });

  it.each([
    ["the newest page", {}],
    ["a filtered page further back", { kinds: ["login"], channel: "WEB", limit: 10 }],
  ] satisfies [string, TimelineQuery][])("the whole page in one statement: %s", async (_label, query) => {
    for (const id of accounts.values()) {
      const page = await loadAccountPage(t.db, id, now, query);
      const [facts, timeline, emails] = await Promise.all([
        referenceAccountFacts(t.db, id, now),
        referenceTimeline(t.db, id, query),
        listOutboxEmails(t.db, { accountId: id }, 20, now),
      ]);
      expect(page?.subject).toEqual(facts?.subject);
      expect(page?.timeline).toEqual(timeline);
      expect(page?.emails).toEqual(emails);
      // The next page through the cursor the page handed out.
      if (!timeline.nextCursor) continue;
      const older = { ...query, cursor: timeline.nextCursor };
      expect((await loadAccountPage(t.db, id, now, older))?.timeline).toEqual(await referenceTimeline(t.db, id, older));
    }
    const full = await loadAccountPage(t.db, accounts.get("every list full") ?? -1, now, query);
    expect(full?.emails).toHaveLength(20);
    expect(new Set(full?.emails.map((e) => e.link?.state ?? "none"))).toEqual(new Set(["open", "used", "expired", "superseded", "none"]));
    expect(await loadAccountPage(t.db, 987_654, now, query)).toBeNull();
  });

  it("planned once: as a named prepared statement on a server connection, the same page, call after call", async () => {
    // One connection, so every call meets the statement it prepared (and, on the embedded
    // test database, no second connection of the same session prepares it again).
    const prepared = createPrismaClient(t.url, { max: 1, preparedStatements: true });
    try {
      for (const id of accounts.values()) {
        // Past PostgreSQL's five custom plans, so the generic plan answers too.
        for (let call = 0; call < 7; call++) expect(await loadAccountPage(prepared, id, now)).toEqual(await loadAccountPage(t.db, id, now));
      }
      const statements = await prepared.$queryRaw<{ name: string; calls: bigint }[]>`
        SELECT name, (generic_plans + custom_plans)::int8 AS calls FROM pg_prepared_statements WHERE name LIKE 'plan_once_%'`;
      expect(statements).toHaveLength(1);
      expect(Number(statements[0]?.calls)).toBe(7 * accounts.size);
    } finally {
      await prepared.$disconnect();
    }
  });

  it("with a read replica, the timeline is read there and the facts and emails on the primary, and the page is the same", async () => {
    // A second client stands in for the replica: what matters is that each statement goes
    // to its own client and that the two halves make the same page.
    const replica = createPrismaClient(t.url, { max: 1 });
    try {
      for (const id of accounts.values()) {
        for (const query of [{}, { kinds: ["staff"] }] satisfies TimelineQuery[]) {
          expect(await loadAccountPage(t.db, id, now, query, replica)).toEqual(await loadAccountPage(t.db, id, now, query));
        }
      }
      expect(await loadAccountPage(t.db, 987_654, now, {}, replica)).toBeNull();
    } finally {
      await replica.$disconnect();
    }
  });
});
