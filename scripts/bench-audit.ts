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
import { benchExport, PERMISSIONS_SELECT, TARGET_EXPORT_ROWS_PER_S } from "./bench-audit-export";
import { buildAuditCases, PAGE, type Case } from "./bench-audit-cases";
import { benchCommandLine, percentile } from "./bench-support";
import { tracingClient } from "./bench-trace";
import { describeShape, explainShape } from "./plan-shape";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { listTeammatePermissions, permissionsCursor, type TeammatePermissionRow } from "@/lib/data/audit/permissions/list";
import { permissionsQuerySchema, type PermissionSort, type PermissionsFilter } from "@/lib/validation/permissions-audit";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:audit [-- --iterations N] [--warmup N] [--export-rows N]";
const TARGET_PAGE_P95_MS = 100;

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

const SELECT = PERMISSIONS_SELECT;

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

const fmt = (ms: number) => ms.toFixed(2).padStart(8);

async function benchPages(teammateCount: number): Promise<string[]> {
  const problems: string[] = [];
  const cases = [...(await buildCases(teammateCount)), ...(await buildAuditCases({ pool, db, now, fail }))];
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
  const problems = [...(await benchPages(counts?.teammates ?? 0)), ...(await benchExport({ pool, db, now, exportRows }))];
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
