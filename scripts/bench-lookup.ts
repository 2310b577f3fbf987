// npm run bench:lookup [-- --iterations 200 --warmup 30 --explain]
//
// Benchmarks the customer lookup on a scale-seeded database (DATABASE_URL; seed one with
// `npm run db:seed -- --accounts 1000000` on an empty database). For each kind of search
// it picks real values from the database, then times, interleaved,
//   (a) searchCustomers(db, q)        the data function through Prisma's $queryRaw
//   (b) the same statement text and parameters through plain `pg`
// and prints p50/p95 for both and their ratio. It also runs EXPLAIN ANALYZE once per
// kind and flags any sequential scan on a large table (--explain prints the plans).
import pg from "pg";
import { benchCommandLine, percentile } from "./bench-support";
import { explainSearch } from "./bench-search-plan";
import { createPrismaClient } from "@/lib/db/prisma";
import { buildSearchStatement, classifyQuery, codePointOrderStatement, DEFAULT_SEARCH_LIMIT, searchCustomers } from "@/lib/data/search/search-customers";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:lookup [-- --iterations N] [--warmup N] [--explain]";
/** Rotated per kind, so the benchmark is not one row hot in cache. */
const VALUES_PER_KIND = 20;

const {
  args,
  positive,
  databaseUrl: url,
  ...cli
} = benchCommandLine("bench:lookup", USAGE, {
  iterations: { type: "string" },
  warmup: { type: "string" },
  explain: { type: "boolean" },
});
// Typed here, not destructured: TypeScript narrows after a call only through a declared `never`.
const fail: (message: string) => never = cli.fail;
const iterations = positive("iterations", 200);
const warmup = positive("warmup", 30);

interface Kind {
  name: string;
  /** p95 target for the data function, in milliseconds. */
  targetMs: number;
  queries: string[];
}

/** Two letters swapped in the middle: the classic typo. */
function swapTypo(value: string): string {
  const i = Math.max(1, Math.floor(value.length / 2) - 1);
  return value.slice(0, i) + (value[i + 1] ?? "") + (value[i] ?? "") + value.slice(i + 2);
}

const pool = new pg.Pool({ connectionString: url, max: 2 });
const db = createPrismaClient(url, { max: 2 });

async function rows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(text, values)).rows;
}

async function pickKinds(): Promise<Kind[]> {
  const stats = await rows<{ accounts: string; heavy: boolean }>(
    `SELECT (SELECT count(*) FROM accounts)::text AS accounts,
            EXISTS (SELECT 1 FROM accounts WHERE username_lower = 'scale-heavy') AS heavy`,
  );
  const accounts = Number(stats[0]?.accounts ?? 0);
  if (!stats[0]?.heavy || accounts < 10_000) {
    fail(
      `the database has ${accounts} accounts and no scale seed (account "scale-heavy"): run \`npm run db:seed -- --accounts 1000000\` on an empty database first`,
    );
  }
  if (accounts < 1_000_000) console.warn(`bench:lookup: only ${accounts.toLocaleString("en-US")} accounts; the targets are for 1,000,000`);

  // Evenly spread, deterministic sample of ordinary accounts (id 1 is the heavy account).
  const step = Math.max(1, Math.floor(accounts / (VALUES_PER_KIND + 1)));
  const ids = Array.from({ length: VALUES_PER_KIND }, (_, i) => 2 + (i + 1) * step - 7).map((id) => Math.min(accounts, Math.max(2, id)));
  const sample = await rows<{ id: number; username: string; email: string; key: string | null; mate: string | null; api_user: string | null }>(
    `SELECT a.id, a.username, a.email,
            (SELECT k.prefix FROM api_keys k WHERE k.account_id = a.id ORDER BY k.id LIMIT 1) AS key,
            (SELECT t.email FROM teammates t WHERE t.account_id = a.id ORDER BY t.id DESC LIMIT 1) AS mate,
            (SELECT p.api_user FROM password_integrations p WHERE p.account_id = a.id LIMIT 1) AS api_user
       FROM accounts a WHERE a.id = ANY($1::int[]) ORDER BY a.id`,
    [ids],
  );
  const pending = await rows<{ email: string }>(`SELECT email FROM sign_ups WHERE account_id IS NULL ORDER BY id LIMIT $1`, [VALUES_PER_KIND]);
  const withApiUser = await rows<{ api_user: string }>(
    `SELECT api_user FROM password_integrations WHERE account_id = ANY($1::int[]) OR id <= $2 ORDER BY id DESC LIMIT $2`,
    [ids, VALUES_PER_KIND],
  );
  const local = (email: string) => email.slice(0, email.indexOf("@"));
  const kinds: Kind[] = [
    { name: "account id", targetMs: 20, queries: sample.map((a) => String(a.id)) },
    { name: "email exact", targetMs: 20, queries: sample.map((a) => a.email.toUpperCase()) },
    // Cut two digits off the local part: a handful to a hundred addresses share it.
    { name: "email prefix", targetMs: 20, queries: sample.map((a) => local(a.email).slice(0, -2)) },
    { name: "email prefix with @", targetMs: 20, queries: sample.map((a) => a.email.slice(0, a.email.indexOf("@") + 4)) },
    { name: "username exact", targetMs: 20, queries: sample.map((a) => a.username) },
    { name: "username prefix", targetMs: 20, queries: sample.map((a) => a.username.slice(0, -2)) },
    { name: "api_user exact", targetMs: 20, queries: withApiUser.map((p) => p.api_user) },
    { name: "API key prefix", targetMs: 20, queries: sample.flatMap((a) => (a.key ? [a.key] : [])) },
    { name: "API key partial", targetMs: 20, queries: sample.flatMap((a) => (a.key ? [a.key.slice(0, 8)] : [])) },
    { name: "teammate email", targetMs: 20, queries: sample.flatMap((a) => (a.mate ? [a.mate] : [])) },
    { name: "sign-up email", targetMs: 20, queries: pending.map((s) => s.email) },
    { name: "broad prefix", targetMs: 20, queries: sample.map((a) => a.username.slice(0, 5)) },
    { name: "no match", targetMs: 20, queries: sample.map((a) => `zz${a.id}qx-nobody`) },
    { name: "username typo", targetMs: 100, queries: sample.map((a) => swapTypo(a.username)) },
    { name: "email typo", targetMs: 100, queries: sample.map((a) => swapTypo(local(a.email)) + a.email.slice(a.email.indexOf("@"))) },
  ];
  return kinds.filter((k) => k.queries.length > 0);
}

async function timeDataFunction(q: string): Promise<number> {
  const t0 = performance.now();
  await searchCustomers(db, q);
  return performance.now() - t0;
}

async function timeRaw(q: string): Promise<number> {
  const statement = buildSearchStatement(classifyQuery(q), DEFAULT_SEARCH_LIMIT, codePointOrder);
  const t0 = performance.now();
  if (statement) await pool.query(statement.text, statement.values);
  return performance.now() - t0;
}

const explain = (kind: Kind) => explainSearch(pool, kind.queries[0] ?? "", { codePointOrder, withText: args.explain === true });

let codePointOrder = false;
const fmt = (ms: number) => ms.toFixed(2).padStart(7);

try {
  const kinds = await pickKinds();
  codePointOrder = (await rows<{ code_point_order: boolean }>(codePointOrderStatement.text))[0]?.code_point_order === true;
  console.log(`prefix search: ${codePointOrder ? "b-tree range (code point collation)" : "trigram LIKE (linguistic collation)"}`);
  console.log(
    `bench:lookup: ${iterations} iterations per kind after ${warmup} warm-up rounds, ${VALUES_PER_KIND} values rotated per kind, limit ${DEFAULT_SEARCH_LIMIT}\n`,
  );
  const header = `${"kind".padEnd(20)} ${"example".padEnd(34)} ${"hits".padStart(4)} | ${"fn p50".padStart(7)} ${"fn p95".padStart(7)} | ${"raw p50".padStart(7)} ${"raw p95".padStart(7)} | ${"ratio50".padStart(7)} ${"ratio95".padStart(7)} | target  verdict`;
  console.log(header);
  console.log("-".repeat(header.length));
  const problems: string[] = [];
  const plans: string[] = [];
  for (const kind of kinds) {
    for (let i = 0; i < warmup; i++) {
      const q = kind.queries[i % kind.queries.length] ?? "";
      await timeDataFunction(q);
      await timeRaw(q);
    }
    const fn: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const q = kind.queries[i % kind.queries.length] ?? "";
      // Alternate which goes first so neither benefits systematically from the other.
      if (i % 2 === 0) {
        fn.push(await timeDataFunction(q));
        raw.push(await timeRaw(q));
      } else {
        raw.push(await timeRaw(q));
        fn.push(await timeDataFunction(q));
      }
    }
    fn.sort((a, b) => a - b);
    raw.sort((a, b) => a - b);
    const example = kind.queries[0] ?? "";
    const hits = (await searchCustomers(db, example)).results.length;
    const [f50, f95, r50, r95] = [percentile(fn, 50), percentile(fn, 95), percentile(raw, 50), percentile(raw, 95)];
    const ratio50 = f50 / r50;
    const ratio95 = f95 / r95;
    const meetsTarget = f95 < kind.targetMs;
    const within2x = ratio50 <= 2;
    const verdict = meetsTarget && within2x ? "ok" : [!meetsTarget ? "SLOW" : "", !within2x ? ">2x raw" : ""].filter(Boolean).join(", ");
    if (verdict !== "ok") problems.push(`${kind.name}: ${verdict}`);
    console.log(
      `${kind.name.padEnd(20)} ${JSON.stringify(example).slice(0, 34).padEnd(34)} ${String(hits).padStart(4)} | ${fmt(f50)} ${fmt(f95)} | ${fmt(r50)} ${fmt(r95)} | ${ratio50.toFixed(2).padStart(7)} ${ratio95.toFixed(2).padStart(7)} | <${String(kind.targetMs).padStart(3)} ms  ${verdict}`,
    );
    const plan = await explain(kind);
    if (plan.seqScans.length) problems.push(`${kind.name}: sequential scan on ${plan.seqScans.join(", ")}`);
    plans.push(
      `${kind.name.padEnd(20)} ${plan.ms.toFixed(2).padStart(7)} ms  seq scans: ${plan.seqScans.join(", ") || "none"}; indexes: ${plan.indexes.join(", ")}`,
    );
    if (plan.text) plans.push(plan.text, "");
  }
  console.log("\nEXPLAIN ANALYZE (first value of each kind; server execution time, indexes actually executed):");
  for (const line of plans) console.log(line);
  console.log(
    problems.length
      ? `\nmissed: ${problems.join("; ")}`
      : "\nall kinds meet their targets, within 2x of raw SQL (p50), with no sequential scan on a large table",
  );
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await pool.end();
}
