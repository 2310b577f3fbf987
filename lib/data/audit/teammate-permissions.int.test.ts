import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import {
  parsePermissionsParams,
  PERMISSION_SORTS,
  permissionsQuerySchema,
  type PermissionSort,
  type PermissionsFilter,
} from "@/lib/validation/permissions-audit";
import { fetchPermissionsBatch, listTeammatePermissions, type TeammatePermissionRow } from "./permissions/list";

let t: TestDatabase;
const now = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const ids: Record<string, number> = {};

async function account(username: string): Promise<number> {
  const a = await t.db.account.create({
    data: { username, usernameLower: username.toLowerCase(), email: `${username}@x.example`, emailLower: `${username}@x.example`, createdAt: ago(400) },
  });
  return a.id;
}

async function teammate(
  accountId: number,
  username: string,
  level: TeammateLevel,
  extra: { lastLoginAt?: Date | null; createdAt?: Date; scopes?: string[]; deletedAt?: Date } = {},
) {
  const m = await t.db.teammate.create({
    data: {
      accountId,
      username,
      usernameLower: username.toLowerCase(),
      email: `${username}@x.example`,
      emailLower: `${username}@x.example`,
      level,
      scopes: extra.scopes ?? [],
      lastLoginAt: extra.lastLoginAt === undefined ? ago(1) : extra.lastLoginAt,
      createdAt: extra.createdAt ?? ago(300),
      deletedAt: extra.deletedAt ?? null,
    },
  });
  ids[username] = m.id;
  return m.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const acme = await account("acme");
  ids.acme = acme;
  await teammate(acme, "acme", "OWNER");
  await teammate(acme, "acme-stale", "ADMIN", { lastLoginAt: ago(100) });
  await teammate(acme, "acme-never", "ADMIN", { lastLoginAt: null });
  await teammate(acme, "acme-sender", "RESTRICTED", { scopes: ["mail.send", "stats.read"], createdAt: new Date("2026-01-10T09:00:00Z") });
  await teammate(acme, "acme-gone", "READ_ONLY", { deletedAt: ago(5) });
  // acme-stale changed the password; the account failed to log in an hour later.
  const changedAt = ago(20);
  await t.db.credentialChange.create({
    data: { accountId: acme, kind: "PASSWORD", teammateId: ids["acme-stale"], actorLabel: "acme-stale", occurredAt: changedAt },
  });
  await t.db.loginAttempt.createMany({
    data: [1, 2].map((h) => ({
      accountId: acme,
      teammateId: ids.acme,
      channel: "WEB" as const,
      outcome: "FAILURE" as const,
      reason: "WRONG_PASSWORD" as const,
      ip: "192.0.2.1",
      occurredAt: new Date(changedAt.getTime() + h * 3_600_000),
    })),
  });
  // acme-sender revoked a key a month ago with no failures after: no flag.
  await t.db.credentialChange.create({
    data: { accountId: acme, kind: "API_KEY_REVOKED", teammateId: ids["acme-sender"], actorLabel: "acme-sender", occurredAt: ago(30) },
  });

  const solo = await account("solo");
  ids.solo = solo;
  await teammate(solo, "solo", "OWNER");
  await t.db.passwordIntegration.create({ data: { accountId: solo, kind: "SMTP_RELAY", name: "relay", apiUser: "solo", apiUserLower: "solo" } });
  const quiet = await account("quiet");
  await teammate(quiet, "quiet", "OWNER");

  // Bulk rows with ties on every sort column (and NULL last logins) for the keysets.
  const levels: TeammateLevel[] = ["OWNER", "ADMIN", "RESTRICTED", "READ_ONLY", "BILLING"];
  for (let a = 0; a < 30; a++) {
    const id = await account(`bulk${a}`);
    await t.db.teammate.createMany({
      data: Array.from({ length: 1 + (a % 5) }, (_, k) => ({
        accountId: id,
        username: `bulk${a}-${k}`,
        usernameLower: `bulk${a}-${k}`,
        email: `bulk${a}-${k}@x.example`,
        emailLower: `bulk${a}-${k}@x.example`,
        level: levels[k] ?? "READ_ONLY",
        lastLoginAt: (a + k) % 4 === 0 ? null : ago((a + k) % 3),
        createdAt: ago(10 + (a % 2)),
      })),
    });
  }
});
afterAll(async () => {
  await t?.drop();
});

const query = (q: Record<string, unknown> = {}) => permissionsQuerySchema.parse(q);
const page = (filter: PermissionsFilter = {}, q: Record<string, unknown> = {}) => listTeammatePermissions(t.db, filter, query(q), now);

/** The order the page promises, written independently in SQL (never counts as oldest). */
async function expectedOrder(sort: PermissionSort, dir: "asc" | "desc"): Promise<number[]> {
  const column = { account: "account_id", level: "level", lastLogin: "last_login_at", created: "created_at" }[sort];
  const nulls = dir === "asc" ? "NULLS FIRST" : "NULLS LAST";
  const rows = await t.db.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM teammates WHERE deleted_at IS NULL ORDER BY ${column} ${dir} ${nulls}, id ${dir}`);
  return rows.map((r) => r.id);
}

async function walk(sort: PermissionSort, dir: "asc" | "desc", limit: number): Promise<{ forward: number[][]; backward: number[][] }> {
  const forward: number[][] = [];
  let p = await page({}, { sort, dir, limit });
  forward.push(p.rows.map((r) => r.teammateId));
  expect(p.prev).toBeNull();
  while (p.next) {
    p = await page({}, { sort, dir, limit, after: p.next });
    forward.push(p.rows.map((r) => r.teammateId));
  }
  const backward: number[][] = [p.rows.map((r) => r.teammateId)];
  while (p.prev) {
    p = await page({}, { sort, dir, limit, before: p.prev });
    backward.unshift(p.rows.map((r) => r.teammateId));
  }
  return { forward, backward };
}

describe("teammate permissions audit: paging and sorting", () => {
  for (const sort of PERMISSION_SORTS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`pages through every live teammate exactly once by ${sort} ${dir}, and back again`, async () => {
        const expected = await expectedOrder(sort, dir);
        const { forward, backward } = await walk(sort, dir, 7);
        expect(forward.flat()).toEqual(expected);
        expect(forward.slice(0, -1).every((p) => p.length === 7)).toBe(true);
        // Previous pages rebuild the same pages, not shifted windows.
        expect(backward).toEqual(forward);
      });
    }
  }

  it("never lists deleted teammates", async () => {
    const all = await fetchAll({});
    expect(all.map((r) => r.username)).not.toContain("acme-gone");
  });

  it("starts from the first page when a cursor was made for another sort or was edited", async () => {
    const first = await page({}, { sort: "created", limit: 5 });
    const second = await page({}, { sort: "created", limit: 5, after: first.next });
    const foreign = await page({}, { sort: "level", limit: 5, after: first.next });
    expect(foreign.rows).toEqual((await page({}, { sort: "level", limit: 5 })).rows);
    expect(second.rows).not.toEqual(first.rows);
    for (const edited of [
      Buffer.from(JSON.stringify({ s: "created", v: "not-a-date", id: 1 })).toString("base64url"),
      Buffer.from(JSON.stringify({ s: "created", v: null, id: -4 })).toString("base64url"),
      Buffer.from("not json").toString("base64url"),
    ]) {
      expect((await page({}, { sort: "created", limit: 5, after: edited })).rows).toEqual(first.rows);
    }
  });
});

async function fetchAll(filter: PermissionsFilter): Promise<TeammatePermissionRow[]> {
  const rows: TeammatePermissionRow[] = [];
  let cursor: string | null = null;
  do {
    const batch = await fetchPermissionsBatch(t.db, filter, { sort: "account", dir: "asc" }, cursor, 4, now);
    rows.push(...batch.rows);
    cursor = batch.next;
  } while (cursor);
  return rows;
}

describe("teammate permissions audit: filters", () => {
  const names = async (filter: PermissionsFilter) => (await fetchAll(filter)).map((r) => r.username).sort();

  it("narrows by account id or username, any case, and says when no account has that name", async () => {
    expect(await names({ account: String(ids.acme) })).toEqual(["acme", "acme-never", "acme-sender", "acme-stale"]);
    expect(await names({ account: "ACME" })).toEqual(["acme", "acme-never", "acme-sender", "acme-stale"]);
    const unknown = await page({ account: "nobody-here" });
    expect(unknown).toMatchObject({ rows: [], unknownAccount: true });
  });

  it("narrows by level, scope, last login and creation date", async () => {
    expect(await names({ account: "acme", level: "ADMIN" })).toEqual(["acme-never", "acme-stale"]);
    expect(await names({ scope: "mail.send" })).toEqual(["acme-sender"]);
    expect(await names({ account: "acme", lastLogin: "never" })).toEqual(["acme-never"]);
    expect(await names({ account: "acme", lastLogin: "over_90d" })).toEqual(["acme-never", "acme-stale"]);
    expect(await names({ account: "acme", lastLogin: "within_30d" })).toEqual(["acme", "acme-sender"]);
    expect(await names({ createdFrom: "2026-01-10", createdTo: "2026-01-10" })).toEqual(["acme-sender"]);
    expect(await names({ createdFrom: "2026-02-01", createdTo: "2026-02-10" })).toEqual([]);
  });

  it("filters by each flag", async () => {
    expect(await names({ account: "acme", flag: "stale_admin" })).toEqual(["acme-never", "acme-stale"]);
    expect(await names({ account: "acme", flag: "several_admins" })).toEqual(["acme", "acme-never", "acme-stale"]);
    // The lead's threshold: acme has three owners or admins, so from four on it is not flagged.
    expect(await names({ account: "acme", flag: "several_admins", admins: 3 })).toEqual(["acme", "acme-never", "acme-stale"]);
    expect(await names({ account: "acme", flag: "several_admins", admins: 4 })).toEqual([]);
    expect(await names({ flag: "changes_then_failures" })).toEqual(["acme-stale"]);
    // A filter like the others since the facts are kept in a summary (it was shown on
    // rows only, because finding it meant reading every account).
    expect(parsePermissionsParams({ flag: "shared_login" }).filter).toEqual({ ok: true, data: { flag: "shared_login" } });
    expect(await names({ flag: "shared_login" })).toEqual(["solo"]);
  });
});

describe("teammate permissions audit: flags on rows", () => {
  it("explains each flag with its evidence", async () => {
    const rows = await fetchAll({ account: "acme" });
    const flagsOf = (name: string) => rows.find((r) => r.username === name)?.flags ?? [];
    // Highest risk first: the change that locked people out, the unused full access, then the count.
    expect(flagsOf("acme-stale").map((f) => f.flag)).toEqual(["changes_then_failures", "stale_admin", "several_admins"]);
    expect(flagsOf("acme-stale").find((f) => f.flag === "stale_admin")?.detail).toContain("100 days ago");
    expect(flagsOf("acme-stale").find((f) => f.flag === "changes_then_failures")?.detail).toMatch(
      /password on \d{4}-\d{2}-\d{2}.*2 failed logins within 7 days/,
    );
    expect(flagsOf("acme-never").find((f) => f.flag === "stale_admin")?.detail).toContain("never logged in");
    expect(flagsOf("acme-sender")).toEqual([]);
    expect(flagsOf("acme").map((f) => f.flag)).toEqual(["several_admins"]);
    // Raised above the account's three owners and admins, the row's flag goes, in the rows as in the filter.
    const raised = await fetchAll({ account: "acme", admins: 4 });
    expect(raised.find((r) => r.username === "acme")?.flags).toEqual([]);
    expect(raised.find((r) => r.username === "acme-stale")?.flags.map((f) => f.flag)).toEqual(["changes_then_failures", "stale_admin"]);
    const solo = (await fetchAll({ account: "solo" }))[0];
    expect(solo?.flags.map((f) => f.flag)).toEqual(["shared_login"]);
    expect(solo?.flags[0]?.detail).toContain("1 API/SMTP integration");
    expect((await fetchAll({ account: "quiet" }))[0]?.flags).toEqual([]);
  });
});

describe("teammate permissions audit: reading the URL", () => {
  it("reads the several-admins threshold as a whole number from 2 to 20", () => {
    expect(parsePermissionsParams({ admins: "3" }).filter).toEqual({ ok: true, data: { admins: 3 } });
    for (const bad of ["1", "21", "2.5", "many"]) {
      expect(parsePermissionsParams({ admins: bad }).filter, bad).toEqual({
        ok: false,
        errors: { admins: "“Several admins” counts from 2 to 20 owners or admins." },
      });
    }
  });

  it("takes empty form fields as 'any'", () => {
    const parsed = parsePermissionsParams({ account: "", level: "", scope: " ", flag: "" });
    expect(parsed.filter).toEqual({ ok: true, data: {} });
  });

  it("answers garbage with one message per field instead of throwing", () => {
    const parsed = parsePermissionsParams(
      new URLSearchParams({
        level: "GOD",
        scope: "a b;drop",
        lastLogin: "yesterday",
        createdFrom: "2026-13-45",
        flag: "x",
        sort: "password",
        dir: "sideways",
        limit: "100000",
      }),
    );
    expect(parsed.filter.ok).toBe(false);
    expect(parsed.query.ok).toBe(false);
    if (parsed.filter.ok || parsed.query.ok) return;
    expect(Object.keys(parsed.filter.errors).sort()).toEqual(["createdFrom", "flag", "lastLogin", "level", "scope"]);
    expect(Object.keys(parsed.query.errors).sort()).toEqual(["dir", "limit", "sort"]);
  });

  it("refuses a creation range that ends before it starts", () => {
    const parsed = parsePermissionsParams({ createdFrom: "2026-02-01", createdTo: "2026-01-01" });
    expect(parsed.filter.ok).toBe(false);
    if (!parsed.filter.ok) expect(parsed.filter.errors).toEqual({ createdTo: "“Created to” must be on or after “Created from”." });
  });

  // Date.parse took 2026-02-30 as 2 March, so the page filtered on a day nobody asked for.
  it("refuses days that do not exist instead of rolling them over", () => {
    const parsed = parsePermissionsParams({ createdFrom: "2026-02-30", createdTo: "2025-02-29" });
    expect(parsed.filter.ok).toBe(false);
    if (!parsed.filter.ok) {
      expect(parsed.filter.errors).toMatchObject({
        createdFrom: "Created from: that date does not exist.",
        createdTo: "Created to: that date does not exist.",
      });
    }
    expect(parsePermissionsParams({ createdFrom: "2024-02-29" }).filter).toEqual({ ok: true, data: { createdFrom: "2024-02-29" } });
  });

  it("keeps the first value of a repeated parameter", () => {
    const parsed = parsePermissionsParams({ level: ["ADMIN", "OWNER"] });
    expect(parsed.filter).toEqual({ ok: true, data: { level: "ADMIN" } });
  });
});
