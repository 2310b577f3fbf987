// The permissions export route as Next calls it: a Request in, a streamed Response out,
// with the session and headers of a given staff user.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// Before the route: the mocks below use it while the route's imports load.
import { actAs, authMock, headersMock, navigationMock } from "@/lib/testing/action-harness";
import { GET } from "@/app/(console)/audit/permissions/export/route";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { parseCsv } from "@/lib/testing/parse-csv";
import { PERMISSIONS_CSV_HEADER } from "./permissions/csv";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);
vi.mock("next/navigation", () => navigationMock);

let t: TestDatabase;
const ids = { agent: "", lead: "" };
const ACCOUNTS = 700;

const get = (query: string) => GET(new Request(`http://console.test/audit/permissions/export${query}`, { headers: { "x-console-peer": "203.0.113.9" } }));
const exports = () => t.db.auditEntry.findMany({ where: { action: "permissions_audit.export" }, orderBy: { id: "asc" } });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids.agent = (await t.db.staffUser.create({ data: { email: "agent@export.test", name: "Agent", role: "AGENT" } })).id;
  ids.lead = (await t.db.staffUser.create({ data: { email: "lead@export.test", name: "Lead", role: "LEAD" } })).id;
  // 700 accounts with an owner, an admin, a restricted sender and a read-only teammate:
  // 2,800 rows, so an export spans several batches of 1,000.
  await t.db.$executeRaw`
    INSERT INTO accounts (id, username, username_lower, email, email_lower)
    SELECT g, 'acct' || g, 'acct' || g, 'a' || g || '@x.test', 'a' || g || '@x.test' FROM generate_series(1, ${ACCOUNTS}::int) g`;
  await t.db.$executeRaw`
    INSERT INTO teammates (account_id, username, username_lower, email, email_lower, level, scopes, created_at, last_login_at)
    SELECT g, 'acct' || g || '-' || k, 'acct' || g || '-' || k, 'm' || k || '.' || g || '@x.test', 'm' || k || '.' || g || '@x.test',
           (ARRAY['OWNER','ADMIN','RESTRICTED','READ_ONLY'])[k]::teammate_level,
           CASE WHEN k = 3 THEN ARRAY['mail.send'] ELSE '{}'::text[] END,
           '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 minute',
           CASE WHEN k = 2 AND g % 7 = 0 THEN NULL ELSE now() - interval '1 day' END
      FROM generate_series(1, ${ACCOUNTS}::int) g CROSS JOIN generate_series(1, 4) k`;
  // A name a spreadsheet would run as a formula: the CSV must neutralise it.
  await t.db.$executeRaw`UPDATE teammates SET username = '=HYPERLINK("http://evil.example")' WHERE account_id = 1 AND level = 'READ_ONLY'`;
});
afterAll(async () => {
  await t?.drop();
});

describe("permissions export route", () => {
  it("sends an anonymous caller to sign in and refuses an agent, auditing the refusal and exporting nothing", async () => {
    actAs(null);
    await expect(get("")).rejects.toThrow("redirect:/sign-in");
    actAs(ids.agent);
    await expect(get("?level=OWNER")).rejects.toThrow("forbidden");
    const denied = await t.db.auditEntry.findFirstOrThrow({ where: { action: "access.denied", actorId: ids.agent } });
    expect(denied).toMatchObject({ outcome: "REFUSED", detail: { where: "export:/audit/permissions", permission: "permissions_audit.read" } });
    expect(await exports()).toEqual([]);
  });

  it("answers a garbage filter with 400 naming the field, and audits no export", async () => {
    actAs(ids.lead);
    for (const query of [
      "?level=SUPERUSER",
      "?createdFrom=yesterday",
      "?sort=password",
      "?scope=a%20b%3Bdrop",
      "?createdFrom=2026-02-01&createdTo=2026-01-01",
    ]) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("text/plain");
      expect(await response.text()).toMatch(/^Invalid filter \((level|createdFrom|sort|scope|createdTo)\): /);
    }
    expect(await exports()).toEqual([]);
  });

  it("streams every row of the filter as CSV in several batches, with the expected total, and audits the export with its filter", async () => {
    actAs(ids.lead);
    const response = await get("?level=ADMIN&sort=lastLogin&dir=asc");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="teammate-permissions-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("x-export-total")).toBe(String(ACCOUNTS));

    const reader = response.body?.getReader();
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const part = await reader?.read();
      if (!part || part.done) break;
      chunks++;
      text += decoder.decode(part.value, { stream: true });
    }
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
    expect(header).toEqual([...PERMISSIONS_CSV_HEADER]);
    expect(rows).toHaveLength(ACCOUNTS);
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r[6] === "ADMIN")).toBe(true);
    // Never logged in sorts first (oldest), then by last login.
    const lastLogins = rows.map((r) => r[8] ?? "");
    expect(lastLogins.slice(0, Math.floor(ACCOUNTS / 7)).every((v) => v === "")).toBe(true);
    expect(lastLogins.slice(Math.floor(ACCOUNTS / 7)).every((v) => v !== "")).toBe(true);
    // Several owners/admins and the stale (never logged in) admins are flagged by code.
    expect(rows.filter((r) => (r[10] ?? "").includes("stale_admin"))).toHaveLength(Math.floor(ACCOUNTS / 7));
    expect(rows.every((r) => (r[10] ?? "").includes("several_admins"))).toBe(true);

    const [entry] = await exports();
    expect(entry).toMatchObject({ actorId: ids.lead, outcome: "DONE", ip: "203.0.113.9", detail: { level: "ADMIN", sort: "lastLogin", dir: "asc" } });
  });

  it("exports 2,800 rows across batches with nothing lost or repeated, and neutralises formulas", async () => {
    actAs(ids.lead);
    const text = await (await get("")).text();
    const [, ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
    expect(rows).toHaveLength(ACCOUNTS * 4);
    expect(new Set(rows.map((r) => r[3])).size).toBe(ACCOUNTS * 4);
    expect(rows.find((r) => r[0] === "1" && r[6] === "READ_ONLY")?.[4]).toBe(`'=HYPERLINK("http://evil.example")`);
  });
});
