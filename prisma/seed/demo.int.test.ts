import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { backgroundIdentities, DEMO_ACCOUNTS, DEMO_STAFF, seedDemo } from "./demo";
import { SCENARIOS, type Scenario } from "./factories";
import { addUtcMonths, isInLastWeekOfUtcMonth } from "@/lib/diagnosis/time";
import { DAY, HOUR } from "./time";
import { verify } from "@node-rs/argon2";
import { verifySummaries } from "@/lib/data/summaries/verify";
import { listTeammatePermissions } from "@/lib/data/audit/permissions/list";
import type { TeammateFlag } from "@/lib/model/teammate-flags";
import { permissionsQuerySchema } from "@/lib/validation/permissions-audit";

// A fixed clock: every timestamp in the seed derives from it.
const NOW = new Date("2026-11-20T12:00:00.000Z");
const BACKGROUND = 40;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const result = await seedDemo(t.db, { now: NOW, backgroundAccounts: BACKGROUND });
  expect(result.seeded).toBe(true);
});
afterAll(async () => {
  await t?.drop();
});

function demo(scenario: Scenario) {
  const found = DEMO_ACCOUNTS.find((a) => a.scenario === scenario);
  if (!found) throw new Error(`no demo account for ${scenario}`);
  return found;
}

async function account(scenario: Scenario) {
  const { username } = demo(scenario);
  return t.db.account.findUniqueOrThrow({ where: { usernameLower: username.toLowerCase() } });
}

async function attempts(accountId: number, since: Date) {
  return t.db.loginAttempt.findMany({ where: { accountId, occurredAt: { gte: since } }, orderBy: { occurredAt: "asc" } });
}

describe("demo accounts", () => {
  it("has one demo account per scenario, with unique usernames and .example emails", () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.scenario))).toEqual(new Set(SCENARIOS));
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.username)).size).toBe(DEMO_ACCOUNTS.length);
    for (const a of DEMO_ACCOUNTS) expect(a.email).toMatch(/@[a-z0-9.-]+\.example$/);
  });

  it("keeps the lower-cased lookup columns equal to the display values", async () => {
    const bad = await t.db.$queryRaw<{ n: number }[]>`
      SELECT ((SELECT count(*) FROM accounts WHERE username_lower <> lower(username) OR email_lower <> lower(email))
            + (SELECT count(*) FROM sign_ups WHERE username_lower <> lower(username) OR email_lower <> lower(email))
            + (SELECT count(*) FROM teammates WHERE username_lower <> lower(username) OR email_lower <> lower(email))
            + (SELECT count(*) FROM password_integrations WHERE api_user_lower <> lower(api_user)))::int AS n`;
    expect(bad[0]?.n).toBe(0);
  });

  it("case 1 unconfirmed: a pending sign-up and no account row", async () => {
    const { username } = demo("unconfirmed");
    const signUp = await t.db.signUp.findFirstOrThrow({ where: { usernameLower: username } });
    expect(signUp.confirmedAt).toBeNull();
    expect(signUp.accountId).toBeNull();
    expect(signUp.confirmationsSent).toBeGreaterThan(1);
    expect(await t.db.account.count({ where: { OR: [{ usernameLower: username }, { emailLower: signUp.emailLower }] } })).toBe(0);
  });

  it("case 2 unified login: login method and UNIFIED_LOGIN_REQUIRED failures", async () => {
    const a = await account("unified_login");
    expect(a.loginMethod).toBe("UNIFIED_LOGIN");
    expect(a.unifiedLoginId).not.toBeNull();
    const recent = await attempts(a.id, new Date(NOW.getTime() - DAY));
    expect(recent.filter((r) => r.reason === "UNIFIED_LOGIN_REQUIRED").length).toBeGreaterThanOrEqual(2);
  });

  it("case 3 credentials changed: a teammate who is not the owner changed the password, then failures", async () => {
    const a = await account("credentials_changed");
    const change = await t.db.credentialChange.findFirstOrThrow({
      where: { accountId: a.id, kind: "PASSWORD" },
      orderBy: { occurredAt: "desc" },
      include: { teammate: true },
    });
    expect(change.teammate?.level).not.toBe("OWNER");
    expect(change.actorLabel).toBe(change.teammate?.username);
    expect(NOW.getTime() - change.occurredAt.getTime()).toBeLessThan(2 * DAY);
    const after = await attempts(a.id, change.occurredAt);
    const failures = after.filter((r) => r.reason === "WRONG_PASSWORD");
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.teammateId !== change.teammateId)).toBe(true);
  });

  it("case 4 forgotten password: recent wrong passwords and integrations a reset would break", async () => {
    const a = await account("forgotten_password");
    const recent = await attempts(a.id, new Date(NOW.getTime() - 3 * HOUR));
    const wrong = recent.filter((r) => r.channel === "WEB" && r.reason === "WRONG_PASSWORD");
    expect(wrong.length).toBe(5);
    expect(wrong.every((w) => w.usernameTried === a.username)).toBe(true);
    expect(await t.db.passwordIntegration.count({ where: { accountId: a.id } })).toBeGreaterThan(0);
  });

  it("case 5 forgotten username: unknown usernames from an IP with earlier successes", async () => {
    const a = await account("forgotten_username");
    const unknown = await t.db.loginAttempt.findMany({
      where: { accountId: null, reason: "UNKNOWN_USERNAME", occurredAt: { gte: new Date(NOW.getTime() - DAY) }, usernameTried: { not: a.username } },
    });
    const ips = new Set(unknown.map((u) => u.ip));
    const matches = await t.db.loginAttempt.count({ where: { accountId: a.id, outcome: "SUCCESS", channel: "WEB", ip: { in: [...ips] } } });
    expect(unknown.length).toBeGreaterThan(0);
    expect(matches).toBeGreaterThan(0);
  });

  it("case 6 bad API key: BAD_API_KEY failures with the prefix of a key a teammate revoked, and an earlier success", async () => {
    const a = await account("bad_api_credentials");
    const key = await t.db.apiKey.findFirstOrThrow({ where: { accountId: a.id, revokedAt: { not: null }, name: "production" }, include: { revokedBy: true } });
    expect(key.revokedBy).not.toBeNull();
    const failures = await t.db.loginAttempt.findMany({ where: { accountId: a.id, reason: "BAD_API_KEY" } });
    expect(failures.length).toBeGreaterThan(10);
    expect(failures.every((f) => f.apiKeyPrefix === key.prefix && f.channel !== "WEB")).toBe(true);
    expect(new Set(failures.map((f) => f.channel))).toEqual(new Set(["API", "SMTP"]));
    const lastSuccess = await t.db.loginAttempt.findFirstOrThrow({
      where: { accountId: a.id, apiKeyPrefix: key.prefix, outcome: "SUCCESS" },
      orderBy: { occurredAt: "desc" },
    });
    expect(lastSuccess.occurredAt.getTime()).toBeLessThan(key.revokedAt!.getTime());
  });

  it("case 7 terminated: unpaid previous-month invoice, several warnings, terminated in the last week of the month", async () => {
    const a = await account("terminated");
    expect(a.status).toBe("TERMINATED");
    const terminatedAt = a.terminatedAt!;
    expect(terminatedAt).not.toBeNull();
    expect(isInLastWeekOfUtcMonth(terminatedAt)).toBe(true);
    expect(terminatedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const unpaid = await t.db.invoice.findMany({ where: { accountId: a.id, paidAt: null } });
    expect(unpaid).toHaveLength(1);
    expect(unpaid[0]?.period.toISOString()).toBe(addUtcMonths(terminatedAt, -1).toISOString());
    const warnings = await t.db.billingWarning.findMany({ where: { accountId: a.id }, orderBy: { sentAt: "asc" } });
    expect(new Set(warnings.map((w) => w.kind)).size).toBeGreaterThanOrEqual(3);
    expect(warnings.filter((w) => w.sentAt < terminatedAt).length).toBeGreaterThanOrEqual(3);
    expect(await t.db.invoice.count({ where: { accountId: a.id, paidAt: { not: null } } })).toBeGreaterThan(2);
  });

  it("at risk: previous month unpaid with warnings, still active", async () => {
    const a = await account("at_risk_nonpayment");
    expect(a.status).toBe("ACTIVE");
    expect(a.terminatedAt).toBeNull();
    const unpaid = await t.db.invoice.findFirstOrThrow({ where: { accountId: a.id, paidAt: null } });
    expect(unpaid.period.toISOString()).toBe(addUtcMonths(NOW, -1).toISOString());
    expect(await t.db.billingWarning.count({ where: { invoiceId: unpaid.id } })).toBeGreaterThanOrEqual(2);
    expect(await t.db.billingWarning.count({ where: { accountId: a.id, kind: "TERMINATION_NOTICE" } })).toBe(0);
  });

  it("case 8 banned: ban record, banned subusers with inherited bans, removed dedicated IPs", async () => {
    const a = await account("banned");
    expect(a.status).toBe("BANNED");
    const ban = await t.db.ban.findUniqueOrThrow({ where: { accountId: a.id } });
    expect(ban.reason.length).toBeGreaterThan(0);
    expect(ban.banEmailRef).toMatch(/^COMPLIANCE-/);
    const subs = await t.db.account.findMany({ where: { parentId: a.id }, include: { ban: true } });
    expect(subs.length).toBeGreaterThanOrEqual(2);
    for (const s of subs) {
      expect(s.status).toBe("BANNED");
      expect(s.ban?.inheritedFromId).toBe(ban.id);
    }
    const ips = await t.db.dedicatedIp.findMany({ where: { accountId: a.id } });
    expect(ips.length).toBeGreaterThan(0);
    expect(ips.every((ip) => ip.removedAt?.getTime() === ban.bannedAt.getTime() && ip.removedReason)).toBe(true);
  });

  it("case 8b banned subuser: its own ban points at the banned parent's ban", async () => {
    const a = await account("banned_subuser");
    expect(a.status).toBe("BANNED");
    expect(a.parentId).not.toBeNull();
    const parent = await t.db.account.findUniqueOrThrow({ where: { id: a.parentId! }, include: { ban: true } });
    expect(parent.status).toBe("BANNED");
    const ban = await t.db.ban.findUniqueOrThrow({ where: { accountId: a.id } });
    expect(ban.inheritedFromId).toBe(parent.ban?.id);
  });

  it("case 9 healthy: recent successes on every channel and no recent failures", async () => {
    const a = await account("healthy");
    expect(a.status).toBe("ACTIVE");
    expect(a.lockedUntil).toBeNull();
    const recent = await attempts(a.id, new Date(NOW.getTime() - 2 * DAY));
    expect(new Set(recent.filter((r) => r.outcome === "SUCCESS").map((r) => r.channel))).toEqual(new Set(["WEB", "API", "SMTP"]));
    expect(recent.filter((r) => r.outcome === "FAILURE")).toHaveLength(0);
    expect(a.lastLoginAt).not.toBeNull();
  });

  it("locked: lockedUntil in the future after repeated wrong passwords", async () => {
    const a = await account("locked");
    expect(a.lockedUntil!.getTime()).toBeGreaterThan(NOW.getTime());
    const recent = await attempts(a.id, new Date(NOW.getTime() - HOUR));
    expect(recent.filter((r) => r.reason === "WRONG_PASSWORD").length).toBeGreaterThanOrEqual(5);
    expect(recent.some((r) => r.reason === "LOCKED")).toBe(true);
  });

  it("combinations: banned with recent wrong passwords; changed by a teammate then locked", async () => {
    const banned = await account("banned_with_wrong_password");
    expect(banned.status).toBe("BANNED");
    const recent = await attempts(banned.id, new Date(NOW.getTime() - 6 * HOUR));
    expect(recent.filter((r) => r.reason === "WRONG_PASSWORD").length).toBeGreaterThan(0);

    const changed = await account("credentials_changed_then_locked");
    expect(changed.lockedUntil!.getTime()).toBeGreaterThan(NOW.getTime());
    const change = await t.db.credentialChange.findFirstOrThrow({ where: { accountId: changed.id, kind: "PASSWORD" }, include: { teammate: true } });
    expect(change.teammate?.level).not.toBe("OWNER");
  });

  it("gives every account months of history, teammates of several levels and API keys", async () => {
    const a = await account("healthy");
    const oldest = await t.db.loginAttempt.findFirstOrThrow({ where: { accountId: a.id }, orderBy: { occurredAt: "asc" } });
    expect(NOW.getTime() - oldest.occurredAt.getTime()).toBeGreaterThan(90 * DAY);
    const levels = await t.db.teammate.findMany({ where: { accountId: a.id }, select: { level: true } });
    expect(levels.some((l) => l.level === "OWNER")).toBe(true);
    expect(levels.length).toBeGreaterThanOrEqual(2);
    expect(await t.db.apiKey.count({ where: { accountId: a.id } })).toBeGreaterThan(0);
  });

  it("seeds one account whose team shares its only login while integrations use the password", async () => {
    const shared = await t.db.account.findUniqueOrThrow({ where: { usernameLower: "demo-shared-login" }, select: { id: true } });
    expect(await t.db.teammate.findMany({ where: { accountId: shared.id }, select: { level: true } })).toEqual([{ level: "OWNER" }]);
    expect(await t.db.passwordIntegration.count({ where: { accountId: shared.id } })).toBeGreaterThan(0);
  });

  it("leaves the flag facts and the home counts matching a recomputation, and flags the demo cases", async () => {
    expect(await verifySummaries(t.db)).toMatchObject({ ok: true });
    const flagged = async (flag: TeammateFlag) =>
      (await listTeammatePermissions(t.db, { flag }, permissionsQuerySchema.parse({ limit: 200 }), NOW)).rows.map((r) => r.accountUsername);
    expect(await flagged("shared_login")).toEqual(["demo-shared-login"]);
    expect(await flagged("changes_then_failures")).toEqual(expect.arrayContaining(["demo-changed", "demo-changed-locked"]));
  });

  it("seeds one staff user per role with an Argon2id hash of the documented password", async () => {
    for (const s of DEMO_STAFF) {
      const user = await t.db.staffUser.findUniqueOrThrow({ where: { email: s.email }, omit: { passwordHash: false } });
      expect(user.role).toBe(s.role);
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verify(user.passwordHash!, s.password)).toBe(true);
    }
  });

  it("seeds the background accounts from the fixed faker seed", async () => {
    const ids = backgroundIdentities(BACKGROUND);
    expect(backgroundIdentities(BACKGROUND)).toEqual(ids);
    const found = await t.db.$queryRaw<{ n: number }[]>`
      SELECT ((SELECT count(*) FROM accounts WHERE username_lower = ANY(${ids.map((i) => i.username.toLowerCase())}))
            + (SELECT count(*) FROM sign_ups WHERE account_id IS NULL AND username_lower = ANY(${ids.map((i) => i.username.toLowerCase())})))::int AS n`;
    expect(found[0]?.n).toBe(BACKGROUND);
  });

  it("refuses to seed again into a database that has accounts (no duplicates)", async () => {
    const before = await t.db.account.count();
    const messages: string[] = [];
    const again = await seedDemo(t.db, { now: NOW, backgroundAccounts: BACKGROUND, log: (m) => messages.push(m) });
    expect(again.seeded).toBe(false);
    expect(messages.join(" ")).toMatch(/already has/);
    expect(await t.db.account.count()).toBe(before);
    expect(await t.db.staffUser.count()).toBe(DEMO_STAFF.length);
  });

  it("is deterministic: a second database seeded with the same clock has the same accounts", async () => {
    const snapshot = (db: TestDatabase) =>
      db.db.$queryRaw<{ username: string; email: string; status: string; attempts: number }[]>`
        SELECT a.username, a.email, a.status::text AS status, (SELECT count(*) FROM login_attempts l WHERE l.account_id = a.id)::int AS attempts
          FROM accounts a ORDER BY a.username_lower`;
    const first = await snapshot(t);
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db, { now: NOW, backgroundAccounts: BACKGROUND });
      expect(await snapshot(other)).toEqual(first);
    } finally {
      await other.drop();
    }
  });
});
