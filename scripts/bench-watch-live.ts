// npm run bench:watch-live [-- --watchers 20 --attempts 40 --seconds 30]
//
// The cost of Watch live on DATABASE_URL (a scale-seeded database: the heavy account
// has 50,000 attempts over every partition): `watchers` feeds poll the heavy account
// every WATCH_POLL_MS (500 ms) as the route does, while a separate connection inserts
// `attempts` login attempts at random moments. Prints the queries per second per
// watcher, the poll query's p50/p95, and the p50/p95 from an insert's commit to the
// poll that returns it (the event goes on the wire right after).
import pg from "pg";
import { benchCommandLine, percentile } from "./bench-support";
import { openLiveCursor, pollLiveAttempts } from "@/lib/data/login-attempts/live";
import { createPrismaClient } from "@/lib/db/prisma";

const USAGE = "usage: DATABASE_URL=postgresql://... npm run bench:watch-live [-- --watchers N --attempts N --seconds N]";
const {
  positive,
  databaseUrl: url,
  ...cli
} = benchCommandLine("bench:watch-live", USAGE, { watchers: { type: "string" }, attempts: { type: "string" }, seconds: { type: "string" } });
// Typed here, not destructured: TypeScript narrows after a call only through a declared `never`.
const fail: (message: string) => never = cli.fail;
const watchers = positive("watchers", 20);
const attempts = positive("attempts", 40);
const seconds = positive("seconds", 30);
const POLL_MS = 500;

const db = createPrismaClient(url, { max: 10 });
const writer = new pg.Client({ connectionString: url });
await writer.connect();
const heavy = await db.account.findFirst({ where: { usernameLower: "scale-heavy" }, select: { id: true } });
if (!heavy) fail('no "scale-heavy" account: seed with `npm run db:seed -- --accounts N` first');
const accountId = heavy.id;

const committedAt = new Map<string, number>();
const latencies: number[] = [];
const queryMs: number[] = [];
let queries = 0;
const end = Date.now() + seconds * 1000;

async function watch(first: boolean): Promise<void> {
  const cursor = await openLiveCursor(db, accountId);
  while (Date.now() < end) {
    const t0 = performance.now();
    const got = await pollLiveAttempts(db, accountId, cursor);
    queryMs.push(performance.now() - t0);
    queries++;
    const now = Date.now();
    if (first) for (const a of got) if (committedAt.has(a.id)) latencies.push(now - (committedAt.get(a.id) ?? now));
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function insert(): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    await new Promise((r) => setTimeout(r, Math.random() * ((seconds * 1000 - 3000) / attempts)));
    const { rows } = await writer.query<{ id: string }>(
      `INSERT INTO login_attempts (account_id, channel, outcome, reason, ip, occurred_at) VALUES ($1, 'WEB', 'FAILURE', 'WRONG_PASSWORD', '198.51.100.1', now()) RETURNING id::text`,
      [accountId],
    );
    committedAt.set(rows[0]?.id ?? "", Date.now());
  }
}

try {
  const started = Date.now();
  await Promise.all([...Array.from({ length: watchers }, (_, i) => watch(i === 0)), insert()]);
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  queryMs.sort((a, b) => a - b);
  console.log(
    `bench:watch-live: ${watchers} watchers of account ${accountId} for ${elapsed.toFixed(1)} s, poll every ${POLL_MS} ms, ${attempts} attempts inserted`,
  );
  console.log(`queries/s: ${(queries / elapsed).toFixed(1)} in all, ${(queries / elapsed / watchers).toFixed(2)} per watcher`);
  console.log(`poll query ms: p50 ${percentile(queryMs, 50).toFixed(2)}  p95 ${percentile(queryMs, 95).toFixed(2)}`);
  console.log(
    `commit -> event ms (${latencies.length}/${attempts} seen): p50 ${percentile(latencies, 50).toFixed(0)}  p95 ${percentile(latencies, 95).toFixed(0)}  max ${latencies.at(-1) ?? NaN}`,
  );
} finally {
  await writer.query(`DELETE FROM login_attempts WHERE account_id = $1 AND ip = '198.51.100.1'`, [accountId]);
  await writer.end();
  await db.$disconnect();
}
