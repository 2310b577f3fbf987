// npm run bench:typos [-- --samples 1000 --seed 14 --warmup 30 --explain]
//
// Recall of the customer search for one-edit typos, by length (issue 14, item 4), on a
// scale-seeded database (DATABASE_URL; `npm run db:seed -- --accounts 1000000` on an
// empty one). It takes real usernames and email local parts of every length from 4 up
// (the same number for each length and kind, as far as the database has them), applies
// one edit to each (insertion, deletion, substitution or swap of two neighbours, in
// turn; positions and characters from a seeded generator, so a run is repeatable), and
// searches for the result with the console's own search (searchCustomers). A sample is
// found when its account is among the first 5 results (recall@5).
//
// Email local parts are searched twice: typed alone (as a name) and with the domain.
// A typo that is itself another customer's exact identifier or email local part (the
// search then shows that customer, rightly) is drawn again and counted as "redrawn".
//
// Short names are crowded: on a million accounts a four-letter typo is often one edit
// from several other customers too, and then no ranking can promise the intended one a
// place in the top 5. The report counts, per length, the typos with TOP or more such
// rivals ("crowded"), so a miss can be told from a ranking fault.
//
// Latency: each typo search is timed beside the exact search for the same value, in the
// same run and interleaved (the baseline: the same function answering from the b-tree).
// The plan of the typo statement is explained for one sample per kind and length band,
// and any sequential scan of a large table is flagged.
//
// What typo search costs searches that are not typos: the one-edit branches also run for
// a prefix (nothing matched exactly), so the same statement is timed for prefixes of the
// sampled usernames with and without those branches, through plain `pg`, interleaved.
import pg from "pg";
import { benchCommandLine, percentile } from "./bench-support";
import { explainSearch } from "./bench-search-plan";
import { createPrismaClient } from "@/lib/db/prisma";
import { buildSearchStatement, classifyQuery, codePointOrderStatement, DEFAULT_SEARCH_LIMIT, searchCustomers } from "@/lib/data/search/search-customers";
import { EDIT_KINDS, makeTypo, oneEditNeighbours, type EditKind } from "@/lib/data/search/one-edit";
import { seededRandom } from "@/lib/simulate/random";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:typos [-- --samples N] [--seed N] [--warmup N] [--explain]";
const MIN_LENGTH = 4;
const TOP = 5;
const RECALL_TARGET = 0.95;
const P95_TARGET_MS = 50;
/** Redraws of a typo that happens to be someone else's exact identifier. */
const MAX_REDRAWS = 20;

const {
  args,
  positive,
  databaseUrl: url,
  ...cli
} = benchCommandLine("bench:typos", USAGE, {
  samples: { type: "string" },
  seed: { type: "string" },
  warmup: { type: "string" },
  explain: { type: "boolean" },
});
// Typed here, not destructured: TypeScript narrows after a call only through a declared `never`.
const fail: (message: string) => never = cli.fail;
const samples = positive("samples", 1000);
const seed = positive("seed", 14);
const warmup = positive("warmup", 30);

type Group = "username" | "email local part" | "email address";
const GROUPS: readonly Group[] = ["username", "email local part", "email address"];

interface Sample {
  group: Group;
  accountId: number;
  /** The value as stored (the exact baseline searches it). */
  value: string;
  /** Length of the username or local part (what the report groups by). */
  length: number;
  typo: string;
  edit: EditKind;
  /** Other accounts one edit from the typo in the fields searched: as close as the intended one. */
  rivals: number;
}

interface Outcome {
  sample: Sample;
  rank: number | null;
  typoMs: number;
  exactMs: number;
}

const pool = new pg.Pool({ connectionString: url, max: 2 });
const db = createPrismaClient(url, { max: 2 });

async function rows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(text, values)).rows;
}

/** Real values: the same number per length, spread over the table by a hash of the id. */
async function pickValues(): Promise<{ kind: "username" | "local"; id: number; value: string; email: string; length: number }[]> {
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
  if (accounts < 1_000_000) console.warn(`bench:typos: only ${accounts.toLocaleString("en-US")} accounts; the targets are for 1,000,000`);
  const lengths = await rows<{ kind: "username" | "local"; len: number }>(
    `SELECT DISTINCT 'username' AS kind, length(username_lower) AS len FROM accounts WHERE length(username_lower) >= $1
     UNION SELECT DISTINCT 'local', length(split_part(email_lower, '@', 1)) FROM accounts WHERE length(split_part(email_lower, '@', 1)) >= $1`,
    [MIN_LENGTH],
  );
  const perCell = Math.max(1, Math.round(samples / Math.max(1, lengths.length)));
  return rows(
    `SELECT kind, id, value, email, len AS length FROM (
       SELECT 'username' AS kind, id, username AS value, email, length(username_lower) AS len,
              row_number() OVER (PARTITION BY length(username_lower) ORDER BY md5(id::text)) AS rn
         FROM accounts WHERE length(username_lower) >= $1 AND deleted_at IS NULL
       UNION ALL
       SELECT 'local', id, split_part(email, '@', 1), email, length(split_part(email_lower, '@', 1)),
              row_number() OVER (PARTITION BY length(split_part(email_lower, '@', 1)) ORDER BY md5('local' || id::text))
         FROM accounts WHERE length(split_part(email_lower, '@', 1)) >= $1 AND deleted_at IS NULL
     ) x WHERE rn <= $2 ORDER BY kind, len, rn`,
    [MIN_LENGTH, perCell],
  );
}

async function isSomeoneExactly(query: string): Promise<boolean> {
  if ((await searchCustomers(db, query)).results.some((r) => r.quality === "exact")) return true;
  // A local part typed alone matches its address as a prefix, but it is that customer's own value.
  const local = await rows<{ taken: boolean }>(`SELECT EXISTS (SELECT 1 FROM accounts WHERE split_part(email_lower, '@', 1) = lower($1)) AS taken`, [query]);
  return local[0]?.taken === true;
}

async function rivals(group: Group, typo: string, accountId: number): Promise<number> {
  const probe =
    group === "email address"
      ? `SELECT id FROM accounts WHERE email_lower = v.s`
      : `SELECT id FROM accounts WHERE username_lower = v.s UNION SELECT id FROM accounts WHERE split_part(email_lower, '@', 1) = v.s`;
  const found = await rows<{ n: number }>(
    `SELECT count(DISTINCT r.id)::int AS n FROM unnest($1::text[]) v(s) CROSS JOIN LATERAL (${probe}) r WHERE r.id <> $2`,
    [oneEditNeighbours(typo.toLowerCase()), accountId],
  );
  return found[0]?.n ?? 0;
}

async function makeSamples(): Promise<{ list: Sample[]; redrawn: number }> {
  const random = seededRandom(seed);
  const picked = await pickValues();
  const list: Sample[] = [];
  let redrawn = 0;
  let turn = 0;
  for (const p of picked) {
    const groups: Group[] = p.kind === "username" ? ["username"] : ["email local part", "email address"];
    const edit = EDIT_KINDS[turn++ % EDIT_KINDS.length] ?? "substitution";
    const domain = p.email.slice(p.email.indexOf("@"));
    const taken = async (t: string) => (await isSomeoneExactly(t)) || (p.kind === "local" && (await isSomeoneExactly(t + domain)));
    let typo = makeTypo(p.value, edit, random);
    for (let i = 0; i < MAX_REDRAWS && (await taken(typo.typo)); i++) {
      redrawn++;
      typo = makeTypo(p.value, edit, random);
    }
    for (const group of groups) {
      const typed = group === "email address" ? typo.typo + domain : typo.typo;
      list.push({
        group,
        accountId: p.id,
        value: group === "email address" ? p.email : p.value,
        length: p.length,
        typo: typed,
        edit: typo.kind,
        rivals: await rivals(group, typed, p.id),
      });
    }
  }
  return { list, redrawn };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

async function measure(sample: Sample, typoFirst: boolean): Promise<Outcome> {
  const typoSearch = () => timed(() => searchCustomers(db, sample.typo));
  const exactSearch = () => timed(() => searchCustomers(db, sample.value));
  let typo: Awaited<ReturnType<typeof typoSearch>>;
  let exact: Awaited<ReturnType<typeof exactSearch>>;
  // Alternate which goes first so neither benefits systematically from the other's cache.
  if (typoFirst) {
    typo = await typoSearch();
    exact = await exactSearch();
  } else {
    exact = await exactSearch();
    typo = await typoSearch();
  }
  const index = typo[0].results.findIndex((r) => r.kind === "account" && r.id === sample.accountId);
  return { sample, rank: index < 0 ? null : index + 1, typoMs: typo[1], exactMs: exact[1] };
}

const explain = (query: string) => explainSearch(pool, query, { codePointOrder, withText: args.explain === true });

let codePointOrder = false;
const fmt = (ms: number) => ms.toFixed(1).padStart(6);
const pct = (share: number) => `${(share * 100).toFixed(1)}%`.padStart(6);

function summary(outcomes: readonly Outcome[]) {
  const typo = outcomes.map((o) => o.typoMs).sort((a, b) => a - b);
  const exact = outcomes.map((o) => o.exactMs).sort((a, b) => a - b);
  const found = outcomes.filter((o) => o.rank !== null && o.rank <= TOP).length;
  return {
    n: outcomes.length,
    recall: outcomes.length ? found / outcomes.length : Number.NaN,
    typo50: percentile(typo, 50),
    typo95: percentile(typo, 95),
    exact50: percentile(exact, 50),
    exact95: percentile(exact, 95),
  };
}

try {
  codePointOrder = (await rows<{ code_point_order: boolean }>(codePointOrderStatement.text))[0]?.code_point_order === true;
  const { list, redrawn } = await makeSamples();
  if (list.length === 0) fail("no usernames or email local parts of 4 characters or more");
  console.log(
    `bench:typos: ${list.length} searches (${new Set(list.map((s) => `${s.group === "username" ? "u" : "e"}${s.accountId}`)).size} values, seed ${seed}), ` +
      `one edit each (${EDIT_KINDS.join(", ")} in turn), ${redrawn} typos redrawn because they were another customer's exact identifier; ` +
      `recall@${TOP} = the account among the first ${TOP} results\n`,
  );
  for (let i = 0; i < warmup; i++) {
    const s = list[(i * 7919) % list.length];
    if (s) await measure(s, i % 2 === 0);
  }
  const outcomes: Outcome[] = [];
  for (const [i, s] of list.entries()) outcomes.push(await measure(s, i % 2 === 0));

  const lengths = [...new Set(outcomes.map((o) => o.sample.length))].sort((a, b) => a - b);
  const header =
    `${"length".padStart(6)} ${"n".padStart(4)} | ` +
    GROUPS.map((g) => g.padStart(16)).join(" ") +
    ` | ${"crowded".padStart(7)} | ${"typo p50".padStart(8)} ${"typo p95".padStart(8)} | ${"exact p50".padStart(9)} ${"exact p95".padStart(9)} | ${"p95 ratio".padStart(9)} | verdict`;
  console.log(
    `recall@${TOP} by length and kind (samples); crowded = typos with ${TOP}+ other customers one edit away; latency of the typo search against the exact search of the same value (ms)`,
  );
  console.log(header);
  console.log("-".repeat(header.length));
  const problems: string[] = [];
  for (const length of lengths) {
    const at = outcomes.filter((o) => o.sample.length === length);
    const all = summary(at);
    const byGroup = GROUPS.map((g) => {
      const s = summary(at.filter((o) => o.sample.group === g));
      return s.n ? `${pct(s.recall)} (${String(s.n).padStart(3)})`.padStart(16) : "-".padStart(16);
    });
    const worst = Math.min(
      ...GROUPS.map((g) => summary(at.filter((o) => o.sample.group === g)))
        .filter((s) => s.n > 0)
        .map((s) => s.recall),
    );
    const crowded = at.filter((o) => o.sample.rivals >= TOP).length / at.length;
    const verdicts = [worst < RECALL_TARGET ? `recall ${pct(worst).trim()}` : "", all.typo95 >= P95_TARGET_MS ? "SLOW" : ""].filter(Boolean);
    if (verdicts.length) problems.push(`length ${length}: ${verdicts.join(", ")}`);
    console.log(
      `${String(length).padStart(6)} ${String(all.n).padStart(4)} | ${byGroup.join(" ")} | ${pct(crowded).padStart(7)} | ${fmt(all.typo50).padStart(8)} ${fmt(all.typo95).padStart(8)} | ${fmt(all.exact50).padStart(9)} ${fmt(all.exact95).padStart(9)} | ${(all.typo95 / all.exact95).toFixed(2).padStart(9)} | ${verdicts.join(", ") || "ok"}`,
    );
  }
  const total = summary(outcomes);
  console.log("-".repeat(header.length));
  console.log(
    `${"all".padStart(6)} ${String(total.n).padStart(4)} | ${GROUPS.map((g) => pct(summary(outcomes.filter((o) => o.sample.group === g)).recall).padStart(16)).join(" ")} | ${pct(outcomes.filter((o) => o.sample.rivals >= TOP).length / outcomes.length).padStart(7)} | ${fmt(total.typo50).padStart(8)} ${fmt(total.typo95).padStart(8)} | ${fmt(total.exact50).padStart(9)} ${fmt(total.exact95).padStart(9)} | ${(total.typo95 / total.exact95).toFixed(2).padStart(9)} |`,
  );
  console.log(
    `\nrecall@${TOP} by edit: ${EDIT_KINDS.map((k) => `${k} ${pct(summary(outcomes.filter((o) => o.sample.edit === k)).recall).trim()}`).join(", ")}`,
  );
  const misses = outcomes.filter((o) => o.rank === null || o.rank > TOP);
  if (misses.length) {
    console.log(
      `examples of misses (typed -> wanted, rank): ${misses
        .slice(0, 8)
        .map((o) => `${JSON.stringify(o.sample.typo)} -> ${JSON.stringify(o.sample.value)} (${o.rank ?? "not found"}, ${o.sample.rivals} rivals)`)
        .join(", ")}`,
    );
  }

  // The cost to prefix searches: the sampled usernames without their last two characters.
  const prefixes = outcomes.filter((o) => o.sample.group === "username" && o.sample.value.length >= 6).map((o) => o.sample.value.slice(0, -2));
  const withBranches: number[] = [];
  const without: number[] = [];
  const timeStatement = async (q: string, oneEdit: boolean) => {
    const statement = buildSearchStatement(classifyQuery(q), DEFAULT_SEARCH_LIMIT, codePointOrder, { oneEdit });
    const t0 = performance.now();
    if (statement) await pool.query(statement.text, statement.values);
    return performance.now() - t0;
  };
  for (const [i, q] of prefixes.entries()) {
    if (i % 2 === 0) {
      withBranches.push(await timeStatement(q, true));
      without.push(await timeStatement(q, false));
    } else {
      without.push(await timeStatement(q, false));
      withBranches.push(await timeStatement(q, true));
    }
  }
  withBranches.sort((a, b) => a - b);
  without.sort((a, b) => a - b);
  console.log(
    `\nprefix searches (${prefixes.length} usernames less two characters, plain pg): with the one-edit branches p50 ${fmt(percentile(withBranches, 50)).trim()} / p95 ${fmt(percentile(withBranches, 95)).trim()} ms, ` +
      `without p50 ${fmt(percentile(without, 50)).trim()} / p95 ${fmt(percentile(without, 95)).trim()} ms`,
  );

  // Plans: the shortest, a middle and the longest value of each kind.
  console.log("\nEXPLAIN ANALYZE of the typo statement (server execution time, indexes actually executed):");
  for (const group of GROUPS) {
    const of = outcomes.filter((o) => o.sample.group === group).sort((a, b) => a.sample.length - b.sample.length);
    const picks = [of[0], of[Math.floor(of.length / 2)], of[of.length - 1]].filter((o): o is Outcome => o !== undefined);
    for (const o of picks) {
      const plan = await explain(o.sample.typo);
      if (plan.seqScans.length) problems.push(`${group} ${JSON.stringify(o.sample.typo)}: sequential scan on ${plan.seqScans.join(", ")}`);
      console.log(
        `${group.padEnd(16)} ${JSON.stringify(o.sample.typo).padEnd(36)} ${plan.ms.toFixed(2).padStart(7)} ms  seq scans: ${plan.seqScans.join(", ") || "none"}; indexes: ${plan.indexes.join(", ")}`,
      );
      if (plan.text) console.log(plan.text, "\n");
    }
  }
  console.log(
    problems.length
      ? `\nmissed: ${problems.join("; ")}`
      : `\nevery length meets recall@${TOP} >= ${RECALL_TARGET * 100}% and p95 < ${P95_TARGET_MS} ms, with no sequential scan on a large table`,
  );
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await pool.end();
}
