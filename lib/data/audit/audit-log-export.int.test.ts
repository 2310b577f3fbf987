// The export route as Next calls it: a Request in, a streamed Response out, with the
// session and headers of a given staff user.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// Before the route: the mocks below use it while the route's imports load.
import { actAs, authMock, headersMock, navigationMock } from "@/lib/testing/action-harness";
import { GET } from "@/app/(console)/audit/log/export/route";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { parseCsv } from "@/lib/testing/parse-csv";
import { streamCsv } from "@/lib/export/stream-csv";
import { AUDIT_CSV_HEADER, auditCsvCells, fetchAuditBatch, type AuditEntryDto, type AuditPosition } from "./list-audit-entries";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);
vi.mock("next/navigation", () => navigationMock);

let t: TestDatabase;
const ids = { agent: "", lead: "" };
let account = 0;
const BULK = 20_500;

const get = (query: string) => GET(new Request(`http://console.test/audit/log/export${query}`, { headers: { "x-console-peer": "203.0.113.9" } }));

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids.agent = (await t.db.staffUser.create({ data: { email: "agent@export.test", name: "Agent", role: "AGENT" } })).id;
  ids.lead = (await t.db.staffUser.create({ data: { email: "lead@export.test", name: "Lead", role: "LEAD" } })).id;
  account = (await t.db.account.create({ data: { username: "Dora", usernameLower: "dora", email: "d@x.test", emailLower: "d@x.test" } })).id;
  const base = Date.parse("2026-05-01T12:00:00Z");
  await t.db.auditEntry.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      createdAt: new Date(base + Math.floor(i / 2) * 60_000),
      actorId: ids.agent,
      actorEmail: "agent@export.test",
      action: i % 2 ? "account.view" : "recovery.send_username",
      outcome: i % 4 === 1 ? ("REFUSED" as const) : ("DONE" as const),
      targetAccountId: i % 2 ? account : null,
      ticketRef: "T-7",
      // Text a spreadsheet would run, and a multi-line reason: the CSV must carry both safely.
      reason: i === 1 ? '=HYPERLINK("http://evil.example","click")' : i === 5 ? "line one\nline two, with comma" : null,
      detail: { n: i },
    })),
  });
});
afterAll(async () => {
  await t?.drop();
});

describe("GET /audit/log/export", () => {
  it("refuses an agent with the 403 page and audits access.denied", async () => {
    actAs(ids.agent);
    await expect(get("?outcome=DONE")).rejects.toThrow("forbidden");
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ action: "access.denied", outcome: "REFUSED", actorId: ids.agent });
    expect(entry.detail).toEqual({ where: "export:/audit/log", permission: "audit.read" });
    expect(await t.db.auditEntry.count({ where: { action: "audit.export" } })).toBe(0);
  });

  it("sends anonymous callers to sign-in", async () => {
    actAs(null);
    await expect(get("")).rejects.toThrow("redirect:/sign-in");
  });

  it("answers garbage with a 400 naming the field, and exports nothing", async () => {
    actAs(ids.lead);
    const before = await t.db.auditEntry.count();
    const response = await get("?account=0012&outcome=DONE");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(await response.text()).toBe("Invalid filter (account): Enter an account id (a number without leading zeros).");
    const backwards = await get("?from=2026-05-02&to=2026-05-01");
    expect(await backwards.text()).toContain("(from): From must be on or before To.");
    expect(await t.db.auditEntry.count()).toBe(before);
  });

  it("streams the filtered entries as CSV for a lead, newest first, and audits the export before streaming", async () => {
    actAs(ids.lead);
    const response = await get(`?account=${account}&outcome=REFUSED&cursor=ignored&limit=5`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");

    // Audited before a byte of the body is read.
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: "audit.export" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: ids.lead, outcome: "DONE", ip: "203.0.113.9" });
    expect(audit.detail).toEqual({ account, outcome: "REFUSED" });

    const expected = await t.db.auditEntry.findMany({
      where: { targetAccountId: account, outcome: "REFUSED" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    expect(response.headers.get("x-export-total")).toBe(String(expected.length));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes));
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    expect(rows.map((r) => r[1])).toEqual(expected.map((e) => e.id.toString()));
    expect(rows.map((r) => r[8])).toEqual(expected.map(() => "Dora"));
    // The formula is defused, the multi-line reason kept exactly.
    expect(rows.map((r) => r[11])).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows.map((r) => r[11])).toContain("line one\nline two, with comma");
  });

  it("honours the page's order: dir=asc exports oldest first, ties by id, and the audit entry records it", async () => {
    actAs(ids.lead);
    const rowsOf = async (query: string) => {
      const response = await get(query);
      expect(response.status).toBe(200);
      const [, ...rows] = parseCsv(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer())));
      return rows.map((r) => r[1]);
    };
    const oldestFirst = await t.db.auditEntry.findMany({ where: { ticketRef: "T-7" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    expect(oldestFirst.length).toBe(40);
    expect(await rowsOf("?ticket=T-7&dir=asc")).toEqual(oldestFirst.map((e) => e.id.toString()));
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: "audit.export" }, orderBy: { id: "desc" } });
    expect(audit.detail).toEqual({ ticket: "T-7", dir: "asc" });
    // Newest first without it, and with dir=desc: the exact reverse.
    const newestFirst = oldestFirst.map((e) => e.id.toString()).reverse();
    expect(await rowsOf("?ticket=T-7")).toEqual(newestFirst);
    expect(await rowsOf("?ticket=T-7&dir=desc")).toEqual(newestFirst);
    expect((await get("?ticket=T-7&dir=sideways")).status).toBe(400);
  });

  it("reads from/to in the lead's time zone, and keeps every time in the file UTC", async () => {
    // 2026-05-01 in Tokyo (UTC+9) ends at 2026-05-01T15:00Z: all 40 T-7 entries (12:00-12:19Z) are in it;
    // in Honolulu (UTC-10) the day starts at 10:00Z the same day, so they are too, but 2026-05-02 in
    // Tokyo (from 15:00Z on the 1st) holds none of them.
    await t.db.staffUser.update({ where: { id: ids.lead }, data: { timeZone: "Asia/Tokyo" } });
    try {
      actAs(ids.lead);
      const count = async (query: string) => (await get(query)).headers.get("x-export-total");
      expect(await count("?ticket=T-7&from=2026-05-01&to=2026-05-01")).toBe("40");
      expect(await count("?ticket=T-7&from=2026-05-02&to=2026-05-02")).toBe("0");
      const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: "audit.export" }, orderBy: { id: "desc" } });
      expect(audit.detail).toEqual({ ticket: "T-7", from: "2026-05-02", to: "2026-05-02", timeZone: "Asia/Tokyo" });
      const response = await get("?ticket=T-7&from=2026-05-01&to=2026-05-01");
      const [header, first] = parseCsv(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer())));
      expect(header?.[0]).toBe("created_at_utc");
      expect(first?.[0]).toMatch(/^2026-05-01T12:\d{2}:00\.000Z$/);
    } finally {
      await t.db.staffUser.update({ where: { id: ids.lead }, data: { timeZone: "UTC" } });
    }
  });

  it("streams 20,000+ entries in many batches, lazily, and stops querying when the client goes", async () => {
    const base = Date.parse("2026-06-01T00:00:00Z");
    for (let start = 0; start < BULK; start += 5000) {
      await t.db.auditEntry.createMany({
        data: Array.from({ length: Math.min(5000, BULK - start) }, (_, i) => ({
          // Pairs share an instant: batch edges fall inside ties.
          createdAt: new Date(base + Math.floor((start + i) / 2) * 1000),
          actorEmail: "bulk@export.test",
          action: "auth.sign_in",
          outcome: "DONE" as const,
          ticketRef: "T-BULK",
        })),
      });
    }

    actAs(ids.lead);
    const response = await get("?ticket=T-BULK");
    expect(response.headers.get("x-export-total")).toBe(String(BULK));
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    // One chunk for the BOM and header, then one per 1000-row batch.
    expect(chunks.length).toBe(1 + Math.ceil(BULK / 1000));
    const rows = parseCsv(new TextDecoder().decode(Buffer.concat(chunks))).slice(1);
    expect(rows).toHaveLength(BULK);
    expect(new Set(rows.map((r) => r[1])).size).toBe(BULK);
    const times = rows.map((r) => r[0] ?? "");
    expect([...times].sort().reverse()).toEqual(times);

    // The same source read by hand: a batch per read, none after cancel.
    let fetches = 0;
    const stream = streamCsv<AuditEntryDto, AuditPosition>({
      header: AUDIT_CSV_HEADER,
      fetchBatch: (cursor, limit) => {
        fetches++;
        return fetchAuditBatch(t.db, { ticket: "T-BULK" }, cursor, limit);
      },
      toCells: auditCsvCells,
    });
    const lazy = stream.getReader();
    await lazy.read(); // header
    await lazy.read(); // first batch
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches).toBe(1);
    await lazy.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches).toBe(1);
  });
});
