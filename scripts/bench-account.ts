// npm run bench:account [-- --iterations 200 --warmup 20]
//
// Times the account page's data on a scale-seeded database (DATABASE_URL): the heavy
// account (50,000 login attempts) loaded as the page does it (loadAccountFacts, the
// diagnosis, the first timeline page), against the raw SQL of the same queries through
// plain `pg` in the same run. Target from the issue: p95 under 50 ms.
import { parseArgs } from "node:util";
import pg from "pg";
import { loadAccountFacts } from "../lib/data/accounts/load-account-facts";
import { getTimeline } from "../lib/data/accounts/timeline";
import { createPrismaClient } from "../lib/db/prisma";
import { diagnose } from "../lib/diagnosis";
import { HEAVY_ACCOUNT_USERNAME } from "../prisma/seed/scale";

const { values: args } = parseArgs({ options: { iterations: { type: "string" }, warmup: { type: "string" } }, strict: true });
const iterations = Number(args.iterations ?? 200);
const warmup = Number(args.warmup ?? 20);
const url = process.env.DATABASE_URL;
if (!url || !Number.isSafeInteger(iterations) || iterations < 1 || !Number.isSafeInteger(warmup) || warmup < 0) {
  console.error("usage: DATABASE_URL=postgresql://... npm run bench:account [-- --iterations N --warmup N]");
  process.exit(2);
}

const db = createPrismaClient(url, { max: 10 });
const pool = new pg.Pool({ connectionString: url, max: 10 });
const heavy = await db.account.findFirst({ where: { usernameLower: HEAVY_ACCOUNT_USERNAME }, select: { id: true } });
if (!heavy) {
  console.error(`bench:account: no "${HEAVY_ACCOUNT_USERNAME}" account: seed the database with \`npm run db:seed -- --accounts N\` first`);
  process.exit(2);
}
const id = heavy.id;
const attempts = await db.loginAttempt.count({ where: { accountId: id } });

// The page's queries, written by hand (what a developer would run in psql).
const RAW: [string, unknown[]][] = [
  [
    "SELECT a.*, b.*, p.id, p.username, p.status FROM accounts a LEFT JOIN bans b ON b.account_id = a.id LEFT JOIN accounts p ON p.id = a.parent_id WHERE a.id = $1",
    [id],
  ],
  ["SELECT id, username, email, level, scopes, last_login_at, deleted_at FROM teammates WHERE account_id = $1 ORDER BY id", [id]],
  [
    "SELECT id, name, prefix, created_at, last_used_at, created_by_id, revoked_at, revoked_by_id FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC",
    [id],
  ],
  ["SELECT id, kind, name, api_user, last_used_at FROM password_integrations WHERE account_id = $1 ORDER BY id", [id]],
  [
    "SELECT id, kind, teammate_id, actor_label, ip, detail, occurred_at FROM credential_changes WHERE account_id = $1 AND occurred_at >= now() - interval '90 days' ORDER BY occurred_at DESC LIMIT 200",
    [id],
  ],
  [
    "SELECT id, channel, outcome, reason, username_tried, api_key_prefix, ip, teammate_id, occurred_at FROM login_attempts WHERE account_id = $1 AND occurred_at >= now() - interval '90 days' ORDER BY occurred_at DESC LIMIT 500",
    [id],
  ],
  ["SELECT id, period, amount_cents, currency, issued_at, due_at, paid_at FROM invoices WHERE account_id = $1 ORDER BY period DESC LIMIT 24", [id]],
  ["SELECT id, invoice_id, kind, sent_to, sent_at FROM billing_warnings WHERE account_id = $1 ORDER BY sent_at DESC LIMIT 50", [id]],
  ["SELECT id, username, status FROM accounts WHERE parent_id = $1 ORDER BY id LIMIT 200", [id]],
  ["SELECT id, address, assigned_at, removed_at, removed_reason FROM dedicated_ips WHERE account_id = $1 ORDER BY assigned_at DESC", [id]],
  [
    "SELECT id, channel, outcome, reason, username_tried, api_key_prefix, ip, occurred_at FROM login_attempts WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 51",
    [id],
  ],
];

async function viaApp(): Promise<void> {
  const now = new Date();
  const facts = await loadAccountFacts(db, id, now);
  if (!facts) throw new Error("account vanished");
  diagnose(facts, now);
  await getTimeline(db, id, { limit: 50 });
}

async function viaRaw(): Promise<void> {
  await Promise.all(RAW.map(([sql, params]) => pool.query(sql, params)));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

for (let i = 0; i < warmup; i++) {
  await viaApp();
  await viaRaw();
}
const app: number[] = [];
const raw: number[] = [];
for (let i = 0; i < iterations; i++) {
  // Interleaved, so both see the same machine load.
  let t = performance.now();
  await viaApp();
  app.push(performance.now() - t);
  t = performance.now();
  await viaRaw();
  raw.push(performance.now() - t);
}
app.sort((a, b) => a - b);
raw.sort((a, b) => a - b);
const f = (n: number) => n.toFixed(2).padStart(8);
console.log(`bench:account: account ${id} with ${attempts.toLocaleString("en-US")} login attempts, ${iterations} iterations after ${warmup} warm-up`);
console.log("what                                   |   p50 ms   p95 ms");
console.log(`page data (facts + diagnosis + timeline)| ${f(pct(app, 50))} ${f(pct(app, 95))}`);
console.log(`raw SQL of the same queries (pg)       | ${f(pct(raw, 50))} ${f(pct(raw, 95))}`);
console.log(`ratio                                  | ${f(pct(app, 50) / pct(raw, 50))} ${f(pct(app, 95) / pct(raw, 95))}`);
console.log(`target p95 < 50 ms: ${pct(app, 95) < 50 ? "ok" : "MISSED"}`);
await db.$disconnect();
await pool.end();
