// npm run bench:audit [-- --iterations 100 --warmup 20 --export-rows 200000]
//
// Benchmarks the teammate permissions audit on a scale-seeded database (DATABASE_URL;
// seed one with `npm run db:seed -- --accounts 1000000`: 1M accounts, 3.5M teammates).
// For each page it times, interleaved,
//   (a) listTeammatePermissions(db, ...)  what the page calls: Prisma, keyset, flags
//   (b) raw SQL of the same rows through plain `pg` (the same keyset, no flags)
// and checks both return the same teammates. Page 500 is also timed as OFFSET paging,
// the way it is usually written, to show what keyset paging buys.
// Each page's statements, as the page runs them (captured from Prisma's query events),
// are run once more under EXPLAIN (ANALYZE, FORMAT JSON) and their plan shape printed:
// the indexes read and the rows each scan touched. A sequential scan of a large table,
// an index walked from one end far past a page's worth, or a scan touching more rows than
// a page could need fails the run (see scripts/plan-shape.ts), whatever the timings.
// Then it streams a CSV export of --export-rows rows through the real export code
// (streamCsv + fetchPermissionsBatch) and through a raw `pg` keyset loop, reporting rows
// per second and the process's memory while it runs.
import pg from "pg";
import { benchCommandLine, percentile } from "./bench-support";
import { tracingClient } from "./bench-trace";
import { describeShape, explainShape } from "./plan-shape";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { permissionsCsvCells, PERMISSIONS_CSV_HEADER } from "@/lib/data/audit/permissions/csv";
import { fetchPermissionsBatch, listTeammatePermissions, permissionsCursor, type TeammatePermissionRow } from "@/lib/data/audit/permissions/list";
import { permissionsQuerySchema, type PermissionSort, type PermissionsFilter } from "@/lib/validation/permissions-audit";
import {
  auditCsvCells,
  AUDIT_CSV_HEADER,
  fetchAuditBatch,
  listAuditEntries,
  type AuditEntryDto,
  type AuditPosition,
} from "@/lib/data/audit/list-audit-entries";
import { csvRow } from "@/lib/export/csv";
import { auditLogQuery } from "@/lib/validation/audit-log";
import { streamCsv } from "@/lib/export/stream-csv";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:audit [-- --iterations N] [--warmup N] [--export-rows N]";
const PAGE = 50;
const TARGET_PAGE_P95_MS = 100;
const TARGET_EXPORT_ROWS_PER_S = 20_000;

const {
  positive,
  databaseUrl: url,
  ...cli
} = benchCommandLine("bench:audit", USAGE, {
  iterations: { type: "string" },
  warmup: { type: "string" },
  "export-rows": { type: "string" },
});
// Typed here, not destructured: TypeScript narrows after a call only through a declared `never`.
const fail: (message: string) => never = cli.fail;
const iterations = positive("iterations", 100);
const warmup = positive("warmup", 20);
const exportRows = positive("export-rows", 200_000);

/** The cursor of the page that starts right after `row`, to jump deep without paging there. */
function cursorAfterRow(sort: PermissionSort, row: Pick<TeammatePermissionRow, "teammateId" | "accountId" | "level" | "lastLoginAt" | "createdAt">): string {
  const value = { account: row.accountId, level: row.level, lastLogin: row.lastLoginAt, created: row.createdAt }[sort];
  return permissionsCursor.encode({ s: sort, v: value, id: row.teammateId });
}

const pool = new pg.Pool({ connectionString: url, max: 2 });
const db = createPrismaClient(url, { max: 2 });
const now = new Date();

const tracer = tracingClient(url);

const SELECT = `t.id, t.account_id, a.username AS account_username, a.status::text AS account_status, t.username, t.email,
                t.level, t.scopes, t.last_login_at, t.created_at`;

interface Case {
  name: string;
  run: (client?: Db) => Promise<(number | string)[]>;
  raw: { text: string; values: unknown[] };
  /** An extra baseline printed for comparison only (OFFSET paging, a flag without its summary). */
  compare?: { label: string; text: string; values: unknown[] };
}

async function rawIds(q: { text: string; values: unknown[] }): Promise<(number | string)[]> {
  // BigInt ids (the audit log) arrive from pg as strings, as the DTOs carry them.
  return (await pool.query<{ id: number | string }>(q.text, q.values)).rows.map((r) => r.id);
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

const page =
  (filter: PermissionsFilter, q: Record<string, unknown>) =>
  async (client: Db = db) =>
    (await listTeammatePermissions(client, filter, permissionsQuerySchema.parse({ limit: PAGE, ...q }), now)).rows.map((r) => r.teammateId);

async function buildCases(teammateCount: number): Promise<Case[]> {
  // Page 500 by following Next 499 times, as a lead would.
  let cursor: string | null = null;
  let last: TeammatePermissionRow | undefined;
  const walkStart = performance.now();
  for (let i = 0; i < 499; i++) {
    const p = await listTeammatePermissions(db, {}, permissionsQuerySchema.parse({ limit: PAGE, ...(cursor ? { after: cursor } : {}) }), now);
    cursor = p.next;
    last = p.rows[p.rows.length - 1];
  }
  if (!cursor || !last) fail("fewer than 500 pages of teammates: seed 1,000,000 accounts first");
  console.log(`walked to page 500 with Next: ${(performance.now() - walkStart).toFixed(0)} ms for 499 pages\n`);
  const page500 = cursor;
  // Deeper than anyone clicks, to show where OFFSET paging goes: page 50,000 (2.5M rows
  // in), or 70% of the way on a smaller seed (page 4,900 of 100,000 accounts).
  const deep = Math.min(50_000, Math.floor((teammateCount * 0.7) / PAGE));
  const deepRow = (
    await pool.query<{ id: number; account_id: number; level: string; last_login_at: Date | null; created_at: Date }>(
      `SELECT id, account_id, level, last_login_at, created_at FROM teammates WHERE deleted_at IS NULL ORDER BY account_id, id OFFSET $1 LIMIT 1`,
      [(deep - 1) * PAGE - 1],
    )
  ).rows[0];
  if (!deepRow) fail(`fewer than ${deep} pages of teammates`);
  const deepCursor = cursorAfterRow("account", {
    teammateId: deepRow.id,
    accountId: deepRow.account_id,
    level: deepRow.level as TeammatePermissionRow["level"],
    lastLoginAt: deepRow.last_login_at?.toISOString() ?? null,
    createdAt: deepRow.created_at.toISOString(),
  });
  const adminsDeep = (
    await pool.query<{ id: number; account_id: number; level: string; last_login_at: Date; created_at: Date }>(
      `SELECT id, account_id, level, last_login_at, created_at FROM teammates WHERE deleted_at IS NULL AND level = 'ADMIN' AND last_login_at IS NOT NULL
        ORDER BY last_login_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [499 * PAGE - 1],
    )
  ).rows[0];
  if (!adminsDeep) fail("fewer than 500 pages of admins");
  const adminsCursor = cursorAfterRow("lastLogin", {
    teammateId: adminsDeep.id,
    accountId: adminsDeep.account_id,
    level: "ADMIN",
    lastLoginAt: adminsDeep.last_login_at.toISOString(),
    createdAt: adminsDeep.created_at.toISOString(),
  });
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      name: "first page (account order)",
      run: page({}, {}),
      raw: {
        text: `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL ORDER BY account_id, id LIMIT ${PAGE}) t
               JOIN accounts a ON a.id = t.account_id ORDER BY t.account_id, t.id`,
        values: [],
      },
    },
    {
      name: "page 500 (account order)",
      run: page({}, { after: page500 }),
      raw: {
        text: `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND (account_id, id) > ($1::int4, $2::int4)
               ORDER BY account_id, id LIMIT ${PAGE}) t JOIN accounts a ON a.id = t.account_id ORDER BY t.account_id, t.id`,
        values: [last.accountId, last.teammateId],
      },
      compare: {
        label: "raw OFFSET",
        text: `SELECT ${SELECT} FROM teammates t JOIN accounts a ON a.id = t.account_id WHERE t.deleted_at IS NULL
               ORDER BY t.account_id, t.id LIMIT ${PAGE} OFFSET ${499 * PAGE}`,
        values: [],
      },
    },
    {
      name: `page ${deep.toLocaleString("en-US")} (account order)`,
      run: page({}, { after: deepCursor }),
      raw: {
        text: `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND (account_id, id) > ($1::int4, $2::int4)
               ORDER BY account_id, id LIMIT ${PAGE}) t JOIN accounts a ON a.id = t.account_id ORDER BY t.account_id, t.id`,
        values: [deepRow.account_id, deepRow.id],
      },
      compare: {
        label: "raw OFFSET",
        text: `SELECT ${SELECT} FROM teammates t JOIN accounts a ON a.id = t.account_id WHERE t.deleted_at IS NULL
               ORDER BY t.account_id, t.id LIMIT ${PAGE} OFFSET ${(deep - 1) * PAGE}`,
        values: [],
      },
    },
    {
      name: "admins by last login desc",
      run: page({ level: "ADMIN" }, { sort: "lastLogin", dir: "desc" }),
      raw: {
        text: `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND level = 'ADMIN' AND last_login_at IS NOT NULL
               ORDER BY last_login_at DESC, id DESC LIMIT ${PAGE}) t JOIN accounts a ON a.id = t.account_id ORDER BY t.last_login_at DESC, t.id DESC`,
        values: [],
      },
    },
    {
      name: "admins by last login, page 500",
      run: page({ level: "ADMIN" }, { sort: "lastLogin", dir: "desc", after: adminsCursor }),
      raw: {
        text: `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND level = 'ADMIN' AND last_login_at IS NOT NULL
                 AND (last_login_at, id) < ($1::timestamptz, $2::int4)
               ORDER BY last_login_at DESC, id DESC LIMIT ${PAGE}) t JOIN accounts a ON a.id = t.account_id ORDER BY t.last_login_at DESC, t.id DESC`,
        values: [adminsDeep.last_login_at, adminsDeep.id],
      },
      compare: {
        label: "raw OFFSET",
        text: `SELECT ${SELECT} FROM teammates t JOIN accounts a ON a.id = t.account_id WHERE t.deleted_at IS NULL AND t.level = 'ADMIN'
               ORDER BY t.last_login_at DESC NULLS LAST, t.id DESC LIMIT ${PAGE} OFFSET ${499 * PAGE}`,
        values: [],
      },
    },
    {
      name: "scope + created range, newest",
      run: page({ scope: "mail.send", createdFrom: "2024-01-01", createdTo: since }, { sort: "created", dir: "desc" }),
      raw: {
        text: `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND scopes @> ARRAY['mail.send']
                 AND created_at >= '2024-01-01T00:00:00Z' AND created_at < ($1::date + 1)::timestamptz
               ORDER BY created_at DESC, id DESC LIMIT ${PAGE}) t JOIN accounts a ON a.id = t.account_id ORDER BY t.created_at DESC, t.id DESC`,
        values: [since],
      },
    },
    ...flagCases(),
  ];
}

// The flag filters, each against the raw SQL of the same summary read, and against the
// predicate it replaced (computed from the large tables per candidate row) as a second
// baseline: "Change → failed logins" took 2 s that way on a million accounts, and "Shared
// login" was not offered at all.
const FULL = `level IN ('OWNER','ADMIN')`;
const BY_ACCOUNT = { order: "account_id, id", outer: "t.account_id, t.id", q: {} };
const NEWEST = { order: "created_at DESC, id DESC", outer: "t.created_at DESC, t.id DESC", q: { sort: "created", dir: "desc" } };

function flagSql(predicate: string, sort: typeof BY_ACCOUNT, values: unknown[] = []): { text: string; values: unknown[] } {
  return {
    text: `SELECT ${SELECT} FROM (SELECT * FROM teammates t WHERE deleted_at IS NULL AND ${predicate}
           ORDER BY ${sort.order} LIMIT ${PAGE}) t JOIN accounts a ON a.id = t.account_id ORDER BY ${sort.outer}`,
    values,
  };
}

function flagCases(): Case[] {
  const several = `${FULL} AND EXISTS (SELECT 1 FROM account_flag_facts f WHERE f.account_id = t.account_id AND f.full_access >= 2)`;
  const severalBefore = `${FULL} AND (SELECT count(*) FROM teammates x WHERE x.account_id = t.account_id AND x.deleted_at IS NULL AND x.${FULL}) >= 2`;
  const changes = `EXISTS (SELECT 1 FROM teammate_flag_facts f WHERE f.teammate_id = t.id AND f.account_id = t.account_id)`;
  const changesBefore = `EXISTS (SELECT 1 FROM credential_changes cc
      WHERE cc.teammate_id = t.id AND cc.kind IN ('PASSWORD','USERNAME','EMAIL','API_KEY_REVOKED')
        AND EXISTS (SELECT 1 FROM login_attempts la WHERE la.account_id = cc.account_id AND la.outcome = 'FAILURE'
          AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + interval '7 days'))`;
  const shared = `EXISTS (SELECT 1 FROM account_flag_facts f WHERE f.account_id = t.account_id AND f.live_teammates = 1 AND f.password_integrations > 0)`;
  const sharedBefore = `(SELECT count(*) FROM teammates x WHERE x.account_id = t.account_id AND x.deleted_at IS NULL) = 1
      AND EXISTS (SELECT 1 FROM password_integrations i WHERE i.account_id = t.account_id AND i.removed_at IS NULL)`;
  const staleBefore = new Date(now.getTime() - 90 * 86_400_000);
  const before = (text: { text: string; values: unknown[] }) => ({ label: "without the summary", ...text });
  return [
    {
      name: "flag: several admins",
      run: page({ flag: "several_admins" }, BY_ACCOUNT.q),
      raw: flagSql(several, BY_ACCOUNT),
      compare: before(flagSql(severalBefore, BY_ACCOUNT)),
    },
    { name: "flag: several admins, newest", run: page({ flag: "several_admins" }, NEWEST.q), raw: flagSql(several, NEWEST) },
    {
      name: "flag: inactive admin",
      run: page({ flag: "stale_admin" }, BY_ACCOUNT.q),
      raw: flagSql(`${FULL} AND (last_login_at IS NULL OR last_login_at < $1)`, BY_ACCOUNT, [staleBefore]),
    },
    {
      name: "flag: change then failures",
      run: page({ flag: "changes_then_failures" }, BY_ACCOUNT.q),
      raw: flagSql(changes, BY_ACCOUNT),
      compare: before(flagSql(changesBefore, BY_ACCOUNT)),
    },
    { name: "flag: change then fail., newest", run: page({ flag: "changes_then_failures" }, NEWEST.q), raw: flagSql(changes, NEWEST) },
    {
      // No account of the scale data has a single login: the filter must find out
      // without reading every account.
      name: "flag: shared login",
      run: page({ flag: "shared_login" }, BY_ACCOUNT.q),
      raw: flagSql(shared, BY_ACCOUNT),
      compare: before(flagSql(sharedBefore, BY_ACCOUNT)),
    },
  ];
}

const AUDIT_SELECT = `e.id, e.created_at, e.actor_id, e.actor_email, s.name AS actor_name, e.action, e.outcome, e.code, e.target_account_id,
                      a.username AS account_username, e.target_sign_up_id, e.ticket_ref, e.reason, e.detail, e.ip, e.user_agent`;
const AUDIT_FROM = `audit_entries e LEFT JOIN staff_users s ON s.id = e.actor_id LEFT JOIN accounts a ON a.id = e.target_account_id`;

async function buildAuditCases(): Promise<Case[]> {
  const entries = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries`)).rows[0]?.n ?? 0;
  if (entries < 500 * PAGE) {
    console.warn(`\nbench:audit: the audit log has ${entries} entries; seed a scale database with this version to benchmark it`);
    return [];
  }
  const auditPage =
    (filter: Record<string, string>, cursor?: string) =>
    async (client: Db = db) =>
      (await listAuditEntries(client, auditLogQuery.parse({ ...filter, ...(cursor ? { cursor } : {}) }))).entries.map((e) => e.id);
  let cursor: string | null = null;
  let lastAt = "";
  let lastId = "";
  const walkStart = performance.now();
  for (let i = 0; i < 499; i++) {
    const p = await listAuditEntries(db, auditLogQuery.parse(cursor ? { cursor } : {}));
    cursor = p.olderCursor;
    const last = p.entries[p.entries.length - 1];
    lastAt = last?.createdAt ?? "";
    lastId = last?.id ?? "";
  }
  if (!cursor) fail("fewer than 500 pages of audit entries");
  console.log(
    `\naudit log: ${entries.toLocaleString("en-US")} entries; walked to page 500 with Older: ${(performance.now() - walkStart).toFixed(0)} ms for 499 pages`,
  );
  const older = cursor;
  const actor =
    (await pool.query<{ id: string }>(`SELECT actor_id AS id FROM audit_entries WHERE actor_id IS NOT NULL ORDER BY id DESC LIMIT 1`)).rows[0]?.id ?? "";
  const from = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      name: "audit: first page",
      run: auditPage({}),
      raw: { text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`, values: [] },
    },
    {
      name: "audit: page 500",
      run: auditPage({}, older),
      raw: {
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} WHERE e.created_at <= $1 AND (e.created_at < $1 OR e.id < $2)
               ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`,
        values: [lastAt, lastId],
      },
      compare: {
        label: "raw OFFSET",
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE} OFFSET ${499 * PAGE}`,
        values: [],
      },
    },
    {
      name: "audit: actor + refused + 90 days",
      run: auditPage({ actor, outcome: "REFUSED", from }),
      raw: {
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} WHERE e.actor_id = $1 AND e.outcome = 'REFUSED' AND e.created_at >= $2::date
               ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`,
        values: [actor, from],
      },
    },
    {
      name: "audit: action, all time",
      run: auditPage({ action: "recovery.send_password_reset" }),
      raw: {
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} WHERE e.action = 'recovery.send_password_reset' ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`,
        values: [],
      },
    },
  ];
}

const fmt = (ms: number) => ms.toFixed(2).padStart(8);

async function benchPages(teammateCount: number): Promise<string[]> {
  const problems: string[] = [];
  const cases = [...(await buildCases(teammateCount)), ...(await buildAuditCases())];
  const header = `${"page".padEnd(32)} ${"rows".padStart(4)} | ${"fn p50".padStart(8)} ${"fn p95".padStart(8)} | ${"raw p50".padStart(8)} ${"raw p95".padStart(8)} | ${"ratio50".padStart(7)} ${"ratio95".padStart(7)} | verdict`;
  console.log(header);
  console.log("-".repeat(header.length));
  const offsets: string[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const fnIds = await c.run();
    const rawRows = await rawIds(c.raw);
    const same = JSON.stringify(fnIds) === JSON.stringify(rawRows);
    // A case that takes seconds gets fewer rounds (about a minute each at most): the
    // point is already made, and the whole run stays usable.
    const budget = Math.max(5, Math.floor(60_000 / Math.max(1, performance.now() - t0)));
    const rounds = Math.min(iterations, budget);
    const warm = Math.min(warmup, Math.ceil(budget / 5));
    for (let i = 0; i < warm; i++) {
      await c.run();
      await rawIds(c.raw);
    }
    const fn: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first so neither benefits systematically from the other.
      if (i % 2 === 0) {
        fn.push(await timed(c.run));
        raw.push(await timed(() => rawIds(c.raw)));
      } else {
        raw.push(await timed(() => rawIds(c.raw)));
        fn.push(await timed(c.run));
      }
    }
    fn.sort((a, b) => a - b);
    raw.sort((a, b) => a - b);
    const [f50, f95, r50, r95] = [percentile(fn, 50), percentile(fn, 95), percentile(raw, 50), percentile(raw, 95)];
    const verdict = !same ? "ROWS DIFFER from raw SQL" : f95 >= TARGET_PAGE_P95_MS ? `SLOW (p95 >= ${TARGET_PAGE_P95_MS} ms)` : "ok";
    if (verdict !== "ok") problems.push(`${c.name}: ${verdict}`);
    console.log(
      `${c.name.padEnd(32)} ${String(fnIds.length).padStart(4)} | ${fmt(f50)} ${fmt(f95)} | ${fmt(r50)} ${fmt(r95)} | ${(f50 / r50).toFixed(2).padStart(7)} ${(f95 / r95).toFixed(2).padStart(7)} | ${verdict}${rounds < iterations ? ` (${rounds} rounds)` : ""}`,
    );
    if (c.compare) {
      const { compare } = c;
      const o: number[] = [];
      const compareIds = await rawIds(compare);
      const rounds = Math.max(5, Math.floor(iterations / 10));
      for (let i = 0; i < rounds; i++) o.push(await timed(() => rawIds(compare)));
      o.sort((a, b) => a - b);
      offsets.push(
        `${c.name}: ${compare.label} p50 ${percentile(o, 50).toFixed(2)} ms, p95 ${percentile(o, 95).toFixed(2)} ms (${rounds} runs; same rows: ${JSON.stringify(compareIds) === JSON.stringify(fnIds) ? "yes" : "NO"}) = ${(percentile(o, 50) / f50).toFixed(1)}x the page`,
      );
    }
  }
  console.log(`\n${offsets.join("\n")}`);

  console.log("\nplan shapes (each statement the page sends, under EXPLAIN ANALYZE: index, rows touched; 'walk' = read from one end with no condition):");
  for (const c of cases) {
    const statements = await tracer.statementsOf((client) => c.run(client));
    // Prisma's own statements (the account lookup) are tiny; the page's reads are what matter.
    for (const [i, st] of statements.entries()) {
      const shape = await explainShape(pool, st.text, st.values);
      const verdict = shape.problems.length ? `REGRESSED: ${shape.problems.join("; ")}` : shape.notes.length ? `ok (note: ${shape.notes.join("; ")})` : "ok";
      if (shape.problems.length) problems.push(`${c.name} (statement ${i + 1}): plan ${shape.problems.join("; ")}`);
      console.log(`${(i === 0 ? c.name : "").padEnd(32)} ${String(i + 1).padStart(2)}. ${describeShape(shape) || "(no table read)"} | ${verdict}`);
    }
  }
  return problems;
}

interface MemoryTrace {
  startRss: number;
  peakRss: number;
  endRss: number;
  peakHeap: number;
  /** Live heap (after a forced GC) when a quarter, half, three quarters and all of the rows were out. */
  quartiles: number[];
}

async function drain(stream: ReadableStream<Uint8Array>, rowsWanted: number, onRows: (rows: number) => void): Promise<{ bytes: number }> {
  const reader = stream.getReader();
  let bytes = 0;
  let rows = -1; // the header
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) rows++;
    onRows(rows);
    if (rows >= rowsWanted) {
      await reader.cancel();
      break;
    }
  }
  return { bytes };
}

async function measureExport(
  name: string,
  makeStream: () => ReadableStream<Uint8Array>,
): Promise<{ rowsPerS: number; rows: number; mem: MemoryTrace; ms: number }> {
  global.gc?.();
  const mb = (n: number) => n;
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const quartiles: number[] = [];
  let nextQuartile = 1;
  let rows = 0;
  const t0 = performance.now();
  await drain(makeStream(), exportRows, (n) => {
    rows = n;
    while (nextQuartile <= 4 && n >= (exportRows * nextQuartile) / 4) {
      // Live heap, not garbage waiting for collection: what a leak would grow.
      global.gc?.();
      quartiles.push(process.memoryUsage().heapUsed);
      nextQuartile++;
    }
  });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const endRss = process.memoryUsage().rss;
  void name;
  return {
    rowsPerS: rows / (ms / 1000),
    rows,
    ms,
    mem: { startRss: mb(startRss), peakRss: mb(peakRss), endRss: mb(endRss), peakHeap: mb(peakHeap), quartiles },
  };
}

/** The baseline: the same rows, keyset batches of the same size, plain pg and CSV, no flags. */
function rawExportStream(batch: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: [number, number] = [0, 0];
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvRow(PERMISSIONS_CSV_HEADER)));
          return;
        }
        if (done) return controller.close();
        const { rows } = await pool.query<{
          id: number;
          account_id: number;
          account_username: string;
          account_status: string;
          username: string;
          email: string;
          level: string;
          scopes: string[];
          last_login_at: Date | null;
          created_at: Date;
        }>(
          `SELECT ${SELECT} FROM (SELECT * FROM teammates WHERE deleted_at IS NULL AND (account_id, id) > ($1::int4, $2::int4)
           ORDER BY account_id, id LIMIT $3) t JOIN accounts a ON a.id = t.account_id ORDER BY t.account_id, t.id`,
          [after[0], after[1], batch],
        );
        const lastRow = rows[rows.length - 1];
        if (!lastRow || rows.length < batch) done = true;
        if (lastRow) after = [lastRow.account_id, lastRow.id];
        controller.enqueue(
          encoder.encode(
            rows
              .map((r) =>
                csvRow([
                  r.account_id,
                  r.account_username,
                  r.account_status,
                  r.id,
                  r.username,
                  r.email,
                  r.level,
                  r.scopes.join(" "),
                  r.last_login_at?.toISOString() ?? "",
                  r.created_at.toISOString(),
                  "",
                ]),
              )
              .join(""),
          ),
        );
        if (done) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

async function benchExport(): Promise<string[]> {
  const problems: string[] = [];
  const BATCH = 1000;
  const m = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `\nCSV exports of ${exportRows.toLocaleString("en-US")} rows (no filter, batches of ${BATCH}; the raw baseline reads the permissions rows without flags):`,
  );
  const results = [];
  for (const [name, make] of [
    ["raw pg keyset (no flags)", () => rawExportStream(BATCH)],
    [
      "audit log export stream",
      () =>
        streamCsv<AuditEntryDto, AuditPosition>({
          header: AUDIT_CSV_HEADER,
          fetchBatch: (c, l) => fetchAuditBatch(db, {}, c, l),
          toCells: auditCsvCells,
          batchSize: BATCH,
        }),
    ],
    [
      "permissions export stream",
      () =>
        streamCsv<TeammatePermissionRow, string>({
          header: PERMISSIONS_CSV_HEADER,
          fetchBatch: (c, l) => fetchPermissionsBatch(db, {}, { sort: "account", dir: "asc" }, c, l, now),
          toCells: permissionsCsvCells,
          batchSize: BATCH,
        }),
    ],
  ] as const) {
    const r = await measureExport(name, make);
    results.push(r);
    console.log(
      `${name.padEnd(26)} ${r.rows.toLocaleString("en-US").padStart(9)} rows in ${(r.ms / 1000).toFixed(1).padStart(5)} s = ${Math.round(r.rowsPerS).toLocaleString("en-US").padStart(7)} rows/s | RSS start ${m(r.mem.startRss)}, peak ${m(r.mem.peakRss)}, end ${m(r.mem.endRss)} | heap peak ${m(r.mem.peakHeap)}, live heap at 25/50/75/100%: ${r.mem.quartiles.map(m).join(" / ")}`,
    );
  }
  const [raw, audit, ours] = results;
  if (raw && ours) console.log(`permissions export rows/s ratio (export / raw pg): ${(ours.rowsPerS / raw.rowsPerS).toFixed(2)}`);
  for (const [name, r] of [
    ["audit log export", audit],
    ["permissions export", ours],
  ] as const) {
    if (!r) continue;
    if (r.rowsPerS < TARGET_EXPORT_ROWS_PER_S) problems.push(`${name}: ${Math.round(r.rowsPerS)} rows/s < ${TARGET_EXPORT_ROWS_PER_S}`);
    const q = r.mem.quartiles;
    // Flat: the live heap at the end is within 64 MB of the live heap a quarter of the way in.
    if (q.length === 4 && (q[3] ?? 0) - (q[0] ?? 0) > 64 * 1024 * 1024) problems.push(`${name}: heap grew by more than 64 MB between 25% and 100%`);
  }
  return problems;
}

try {
  const counts = (
    await pool.query<{ accounts: number; teammates: number }>(
      `SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM teammates WHERE deleted_at IS NULL)::int AS teammates`,
    )
  ).rows[0];
  console.log(
    `bench:audit: ${counts?.accounts.toLocaleString("en-US")} accounts, ${counts?.teammates.toLocaleString("en-US")} live teammates; ${iterations} iterations per page after ${warmup} warm-up rounds, ${PAGE} rows per page`,
  );
  if ((counts?.accounts ?? 0) < 1_000_000 || (counts?.teammates ?? 0) < 3_000_000) {
    console.warn("bench:audit: the targets are for 1,000,000 accounts and 3,000,000 teammates: seed with `npm run db:seed -- --accounts 1000000`");
  }
  const problems = [...(await benchPages(counts?.teammates ?? 0)), ...(await benchExport())];
  console.log(
    problems.length
      ? `\nmissed: ${problems.join("; ")}`
      : `\nall pages p95 < ${TARGET_PAGE_P95_MS} ms with the same rows as raw SQL; export > ${TARGET_EXPORT_ROWS_PER_S.toLocaleString("en-US")} rows/s with a flat heap`,
  );
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await tracer.disconnect();
  await pool.end();
}
