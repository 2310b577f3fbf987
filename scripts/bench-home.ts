// npm run bench:home [-- --iterations 200 --warmup 20]
//
// The search home's data on a scale-seeded database (DATABASE_URL): its "At a glance"
// figures (getOverview) and the staff user's recently opened accounts, as the page loads
// them, timed interleaved with
//   (a) the raw SQL of the same summary read through plain `pg` (the floor), and
//   (b) the per-visit counts it replaced (count(*) over accounts and sign-ups, 188 ms
//       p50 on a million accounts),
// after checking that the figures equal the tables' true counts. Then each statement's
// plan shape (scripts/plan-shape.ts). Exits non-zero when p95 misses 30 ms, a figure is
// wrong, or a plan reads a large table from end to end.
import pg from "pg";
import { benchCommandLine, percentile } from "./bench-support";
import { tracingClient } from "./bench-trace";
import { describeShape, explainShape } from "./plan-shape";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { getOverview, OVERVIEW_SQL, type OverviewDto } from "@/lib/data/overview/get-overview";
import { listRecentlyOpened } from "@/lib/data/recent/recently-opened";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:home [-- --iterations 200] [--warmup 20]";
const TARGET_P95_MS = 30;
const { positive, databaseUrl: url } = benchCommandLine("bench:home", USAGE, { iterations: { type: "string" }, warmup: { type: "string" } });
const iterations = positive("iterations", 200);
const warmup = positive("warmup", 20);

const pool = new pg.Pool({ connectionString: url, max: 2 });
const db = createPrismaClient(url, { max: 2 });
const tracer = tracingClient(url);

// The raw baseline sends the very text getOverview sends.
const SUMMARY_SQL = OVERVIEW_SQL;
// What each visit used to run (five counts, in parallel through Prisma).
const COUNTS_SQL = [
  "SELECT count(*)::int AS n FROM accounts",
  "SELECT count(*)::int AS n FROM sign_ups WHERE confirmed_at IS NULL",
  "SELECT count(*)::int AS n FROM accounts WHERE status = 'BANNED'",
  "SELECT count(*)::int AS n FROM accounts WHERE status = 'TERMINATED'",
  "SELECT count(*)::int AS n FROM staff_users WHERE disabled_at IS NULL",
];

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

try {
  const counts = (await pool.query<{ accounts: number }>("SELECT count(*)::int AS accounts FROM accounts")).rows[0];
  // The most active staff user: the longest "recently opened" walk.
  const staff = (
    await pool.query<{ id: string }>(`SELECT actor_id AS id FROM audit_entries WHERE actor_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
  ).rows[0]?.id;
  console.log(
    `bench:home: ${counts?.accounts.toLocaleString("en-US")} accounts; ${iterations} iterations after ${warmup} warm-up rounds; recently opened for ${staff ?? "(no staff activity)"}`,
  );
  const home = (client: Db) => Promise.all([getOverview(client), staff ? listRecentlyOpened(client, staff) : Promise.resolve([])]);
  const problems: string[] = [];

  const [overview] = await home(db);
  const truth = await Promise.all(COUNTS_SQL.map(async (sql): Promise<number> => (await pool.query<{ n: number }>(sql)).rows[0]?.n ?? -1));
  const shown: number[] = [overview.accounts, overview.pendingSignUps, overview.bannedAccounts, overview.terminatedAccounts, overview.staffUsers];
  const names: (keyof OverviewDto)[] = ["accounts", "pendingSignUps", "bannedAccounts", "terminatedAccounts", "staffUsers"];
  names.forEach((name, i) => {
    if (shown[i] !== truth[i]) problems.push(`${name}: the page shows ${shown[i]}, the table has ${truth[i]}`);
  });
  console.log(
    `figures: ${names.map((n, i) => `${n} ${shown[i]?.toLocaleString("en-US")}`).join(", ")} (${problems.length ? "WRONG" : "equal to the tables' counts"})`,
  );

  const page: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < warmup; i++) {
    await home(db);
    await pool.query(SUMMARY_SQL);
  }
  for (let i = 0; i < iterations; i++) {
    // Alternate which goes first so neither benefits systematically from the other.
    if (i % 2 === 0) {
      page.push(await timed(() => home(db)));
      raw.push(await timed(() => pool.query(SUMMARY_SQL)));
    } else {
      raw.push(await timed(() => pool.query(SUMMARY_SQL)));
      page.push(await timed(() => home(db)));
    }
  }
  const before: number[] = [];
  const beforeRounds = Math.max(5, Math.floor(iterations / 10));
  for (let i = 0; i < beforeRounds; i++) before.push(await timed(() => Promise.all(COUNTS_SQL.map((sql) => pool.query(sql)))));
  for (const list of [page, raw, before]) list.sort((a, b) => a - b);
  const [p50, p95, r50, r95, b50, b95] = [
    percentile(page, 50),
    percentile(page, 95),
    percentile(raw, 50),
    percentile(raw, 95),
    percentile(before, 50),
    percentile(before, 95),
  ];
  console.log(`home data (figures + recently opened): p50 ${fmt(p50)}, p95 ${fmt(p95)}`);
  console.log(
    `raw pg, the same summary read:        p50 ${fmt(r50)}, p95 ${fmt(r95)} (page / raw: ${(p50 / r50).toFixed(2)} at p50, ${(p95 / r95).toFixed(2)} at p95)`,
  );
  console.log(
    `the counts it replaced (raw pg):      p50 ${fmt(b50)}, p95 ${fmt(b95)} in ${beforeRounds} runs = ${(b50 / p50).toFixed(1)}x the page's data at p50`,
  );
  if (p95 >= TARGET_P95_MS) problems.push(`home data p95 ${p95.toFixed(1)} ms >= ${TARGET_P95_MS} ms`);

  console.log("\nplan shapes (each statement the page sends, under EXPLAIN ANALYZE):");
  const statements = await tracer.statementsOf(home);
  for (const [i, st] of statements.entries()) {
    const shape = await explainShape(pool, st.text, st.values);
    if (shape.problems.length) problems.push(`statement ${i + 1}: plan ${shape.problems.join("; ")}`);
    console.log(
      `${String(i + 1).padStart(2)}. ${describeShape(shape) || "(no table read)"} | ${shape.problems.length ? `REGRESSED: ${shape.problems.join("; ")}` : "ok"}`,
    );
  }
  console.log(problems.length ? `\nmissed: ${problems.join("; ")}` : `\nhome data p95 < ${TARGET_P95_MS} ms, figures exact, every plan indexed`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await tracer.disconnect();
  await pool.end();
}
