// npm run bench:account [-- --iterations 200 --warmup 20 --explain]
//
// Times the account page's data on a scale-seeded database (DATABASE_URL): the heavy
// account (50,000 login attempts) loaded as the page does it (loadAccountPage: facts,
// first timeline page and customer emails in one statement, then the diagnosis), against
// two baselines measured in the same run, interleaved:
//   raw SQL of the same reads   the page's reads written by hand as one query per table,
//                               sent in parallel through plain `pg` (what the page cost
//                               before: about twenty Prisma queries)
//   raw SQL of the statement    the page's own statement through plain `pg` (prepared, as
//                               the console sends it), its JSON parsed and nothing else (so
//                               the ratio is Prisma's and the decoding's overhead)
// Then the statement's plan: the indexes it used and any sequential scan of a large
// table (which fails the run). Targets from issue 14: within 1.5x of the raw reads.
import pg from "pg";
import { factsCtes, factsObject } from "@/lib/data/accounts/account-sql";
import { factsSince } from "@/lib/data/accounts/load-account-facts";
import { loadAccountPage, PAGE_EMAILS } from "@/lib/data/accounts/load-account-page";
import { READ_ONLY_STAFF_ACTIONS, timelineJson } from "@/lib/data/accounts/timeline";
import { outboxEmailsSql } from "@/lib/data/outbox/email-status";
import { createPrismaClient } from "@/lib/db/prisma";
import { diagnose } from "@/lib/diagnosis";
import { Prisma } from "@/lib/generated/prisma/client";
import { HEAVY_ACCOUNT_USERNAME } from "@/prisma/seed/scale";
import { benchCommandLine, percentile } from "./bench-support";
import { indexesAndSeqScans, type PlanNode } from "./plan-shape";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:account [-- --iterations N --warmup N --explain]";
const {
  args,
  positive,
  databaseUrl: url,
  ...cli
} = benchCommandLine("bench:account", USAGE, {
  iterations: { type: "string" },
  warmup: { type: "string" },
  explain: { type: "boolean", default: false },
});
// Typed here, not destructured: TypeScript narrows after a call only through a declared `never`.
const fail: (message: string) => never = cli.fail;
const iterations = positive("iterations", 200);
const warmup = args.warmup === "0" ? 0 : positive("warmup", 20);

// As the console reads a PostgreSQL server: the page's statement planned once per connection.
const db = createPrismaClient(url, { max: 10, preparedStatements: true });
const pool = new pg.Pool({ connectionString: url, max: 10 });
const heavy = await db.account.findFirst({ where: { usernameLower: HEAVY_ACCOUNT_USERNAME }, select: { id: true } });
if (!heavy) fail(`no "${HEAVY_ACCOUNT_USERNAME}" account: seed the database with \`npm run db:seed -- --accounts N\` first`);
const id = heavy.id;
const attempts = await db.loginAttempt.count({ where: { accountId: id } });
const TAKE = 51;

// The page's reads, written by hand one per table (what a developer would run in psql).
const RAW: [string, unknown[]][] = [
  [
    "SELECT a.*, b.*, p.id, p.username, p.status, pb.* FROM accounts a LEFT JOIN bans b ON b.account_id = a.id LEFT JOIN accounts p ON p.id = a.parent_id LEFT JOIN bans pb ON pb.account_id = p.id WHERE a.id = $1",
    [id],
  ],
  ["SELECT id, username, email, level, scopes, last_login_at, deleted_at FROM teammates WHERE account_id = $1 ORDER BY id", [id]],
  [
    "SELECT id, name, prefix, created_at, last_used_at, created_by_id, revoked_at, revoked_by_id FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC",
    [id],
  ],
  ["SELECT id, kind, name, api_user, last_used_at FROM password_integrations WHERE account_id = $1 AND removed_at IS NULL ORDER BY id", [id]],
  [
    "SELECT id, kind, teammate_id, actor_label, ip, detail, occurred_at FROM credential_changes WHERE account_id = $1 AND occurred_at >= now() - interval '90 days' ORDER BY occurred_at DESC LIMIT 200",
    [id],
  ],
  [
    "SELECT id, channel, outcome, reason, username_tried, api_key_prefix, ip, teammate_id, occurred_at FROM login_attempts WHERE account_id = $1 AND occurred_at >= now() - interval '90 days' ORDER BY occurred_at DESC LIMIT 500",
    [id],
  ],
  [
    "SELECT id, channel, outcome, reason, username_tried, api_key_prefix, ip, teammate_id, occurred_at FROM login_attempts WHERE account_id IS NULL AND reason = 'UNKNOWN_USERNAME' AND ip = ANY($1) AND occurred_at >= now() - interval '90 days' ORDER BY occurred_at DESC LIMIT 100",
    [["10.0.0.1", "10.0.0.2"]],
  ],
  ["SELECT id, period, amount_cents, currency, issued_at, due_at, paid_at FROM invoices WHERE account_id = $1 ORDER BY period DESC LIMIT 24", [id]],
  ["SELECT id, invoice_id, kind, sent_to, sent_at FROM billing_warnings WHERE account_id = $1 ORDER BY sent_at DESC LIMIT 50", [id]],
  ["SELECT id, username, status FROM accounts WHERE parent_id = $1 ORDER BY id LIMIT 200", [id]],
  ["SELECT id, address, assigned_at, removed_at, removed_reason FROM dedicated_ips WHERE account_id = $1 ORDER BY assigned_at DESC", [id]],
  // The first timeline page: each source's newest rows.
  [
    `SELECT id, channel, outcome, reason, username_tried, api_key_prefix, ip, occurred_at FROM login_attempts WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT ${TAKE}`,
    [id],
  ],
  [
    `SELECT id, kind, actor_label, ip, detail, occurred_at FROM credential_changes WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT ${TAKE}`,
    [id],
  ],
  [`SELECT id, kind, sent_to, sent_at FROM billing_warnings WHERE account_id = $1 ORDER BY sent_at DESC, id DESC LIMIT ${TAKE}`, [id]],
  [`SELECT id, period, amount_cents, currency, issued_at, paid_at FROM invoices WHERE account_id = $1 ORDER BY issued_at DESC, id DESC LIMIT ${TAKE}`, [id]],
  ["SELECT id, banned_at, reason FROM bans WHERE account_id = $1", [id]],
  [
    `SELECT id, action, outcome, code, actor_email, ticket_ref, created_at FROM audit_entries WHERE target_account_id = $1 AND action <> ALL($2) ORDER BY created_at DESC, id DESC LIMIT ${TAKE}`,
    [id, [...READ_ONLY_STAFF_ACTIONS]],
  ],
  // The emails panel (the timeline's email rows are the same ones).
  [
    `SELECT o.id, o.kind, o.recipient, o.status, o.attempts, o.next_attempt_at, o.last_error, o.sent_at, o.created_at, o.ticket_ref, s.name,
            r.expires_at, r.used_at, r.superseded_at, es.name
       FROM email_outbox o JOIN staff_users s ON s.id = o.requested_by_id
       LEFT JOIN password_reset_tokens r ON r.outbox_id = o.id LEFT JOIN event_sources es ON es.id = r.used_by_source_id
      WHERE o.account_id = $1 ORDER BY o.created_at DESC LIMIT ${PAGE_EMAILS}`,
    [id],
  ],
];

/** The page's own statement, as the page sends it (Prisma.Sql has its PostgreSQL text and values). */
function pageStatement(now: Date): Prisma.Sql {
  const since = factsSince(now);
  return Prisma.sql`WITH ${factsCtes(id, since)}
    SELECT ${factsObject(since)} AS facts, ${timelineJson(id).sql} AS timeline, ${outboxEmailsSql(id, PAGE_EMAILS)} AS emails
      FROM accounts a WHERE a.id = ${id}::int4`;
}

async function viaApp(): Promise<void> {
  const now = new Date();
  const page = await loadAccountPage(db, id, now);
  if (!page) throw new Error("account vanished");
  diagnose({ subject: page.subject }, now);
}

async function viaRaw(): Promise<void> {
  await Promise.all(RAW.map(([sql, params]) => pool.query(sql, params)));
}

async function viaStatement(): Promise<void> {
  const statement = pageStatement(new Date());
  // Named like the console's, so PostgreSQL plans it once per connection here too.
  const { rows } = await pool.query<{ facts: unknown }>({ name: "bench_account_page", text: statement.text, values: statement.values });
  if (!rows[0]?.facts) throw new Error("account vanished");
}

for (let i = 0; i < warmup; i++) {
  await viaApp();
  await viaRaw();
  await viaStatement();
}
const times = { app: [] as number[], raw: [] as number[], statement: [] as number[] };
for (let i = 0; i < iterations; i++) {
  // Interleaved, so all three see the same machine load.
  for (const [name, run] of [
    ["app", viaApp],
    ["raw", viaRaw],
    ["statement", viaStatement],
  ] as const) {
    const t = performance.now();
    await run();
    times[name].push(performance.now() - t);
  }
}
for (const list of Object.values(times)) list.sort((a, b) => a - b);

// The plan: which indexes the statement used, and no sequential scan of a large table.
const statement = pageStatement(new Date());
const explained = await pool.query<{ "QUERY PLAN": { Plan: PlanNode; "Execution Time": number }[] }>(
  `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
  statement.values,
);
const plan = explained.rows[0]?.["QUERY PLAN"][0];
const { indexes, seqScanned: scanned } = plan ? indexesAndSeqScans(plan.Plan) : { indexes: [], seqScanned: [] };
// A sequential scan is a problem on a large table (an empty partition is scanned that way, harmlessly).
const sizes = await pool.query<{ relname: string; reltuples: number }>("SELECT relname, reltuples FROM pg_class WHERE relname = ANY($1)", [scanned]);
const seqScans = sizes.rows.filter((r) => r.reltuples > 10_000).map((r) => r.relname);

const f = (n: number) => n.toFixed(2).padStart(8);
const p = (list: number[], q: number) => percentile(list, q);
console.log(`bench:account: account ${id} with ${attempts.toLocaleString("en-US")} login attempts, ${iterations} iterations after ${warmup} warm-up`);
console.log("what                                          |   p50 ms   p95 ms");
console.log(`page data (one statement + decoding + diagnosis) | ${f(p(times.app, 50))} ${f(p(times.app, 95))}`);
console.log(`raw SQL of the same reads (${RAW.length} queries, pg)    | ${f(p(times.raw, 50))} ${f(p(times.raw, 95))}`);
console.log(`raw SQL of the page's statement (pg)             | ${f(p(times.statement, 50))} ${f(p(times.statement, 95))}`);
console.log(`ratio page / raw reads                           | ${f(p(times.app, 50) / p(times.raw, 50))} ${f(p(times.app, 95) / p(times.raw, 95))}`);
console.log(
  `ratio page / raw statement                       | ${f(p(times.app, 50) / p(times.statement, 50))} ${f(p(times.app, 95) / p(times.statement, 95))}`,
);
console.log(`target (within 1.5x of the raw reads at p50): ${p(times.app, 50) / p(times.raw, 50) <= 1.5 ? "ok" : "MISSED"}`);
console.log(
  `plan: ${plan ? plan["Execution Time"].toFixed(2) : "?"} ms in the server; seq scans of large tables: ${seqScans.join(", ") || "none"}; indexes: ${indexes.join(", ")}`,
);
if (args.explain) {
  const text = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
  console.log(text.rows.map((r) => r["QUERY PLAN"]).join("\n"));
}
await db.$disconnect();
await pool.end();
if (seqScans.length > 0) process.exit(1);
