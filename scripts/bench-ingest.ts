// npm run bench:ingest [-- --batches 30 --accounts 200 --url http://… --token cs_…]
//
// Login-attempt events per second through the ingest endpoint over HTTP, in batches of
// 1,000, with one and with two concurrent senders, against a plain multi-row INSERT of
// the same rows through `pg` in the same run (the floor: what the database alone costs),
// plus the p50/p95 latency of a batch; then the p95 of redeeming a link through the
// platform API. Target from the issue: ≥ 10,000 events/s through HTTP, batch p95 under
// 300 ms, redemption p95 under 10 ms.
//
// Without --url it starts the built console (`npm run build` first) on a free port
// against DATABASE_URL (a migrated PostgreSQL database; the bench adds its own source,
// accounts and rows, named bench-<run>, and leaves them).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { benchCommandLine, percentile, startConsole } from "./bench-support";

const USAGE = "usage: DATABASE_URL=postgresql://… npm run bench:ingest [-- --batches 30 --accounts 200] [--url http://host:port]";
const { args, positive, databaseUrl, ...cli } = benchCommandLine("bench:ingest", USAGE, {
  batches: { type: "string" },
  accounts: { type: "string" },
  url: { type: "string" },
  redemptions: { type: "string" },
});
// Typed here, not destructured: TypeScript narrows after a call only through a declared `never`.
const fail: (message: string) => never = cli.fail;
const batches = positive("batches", 30);
const accountCount = positive("accounts", 200);
const redemptions = positive("redemptions", 300);
const BATCH = 1000;
const WARMUP = 3;
const run = randomBytes(3).toString("hex");
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });

function event(type: string, data: Record<string, unknown>, id: string, time: Date) {
  return { specversion: "1.0", id, source: "/bench", type, time: time.toISOString(), datacontenttype: "application/json", data };
}

const REASONS = ["wrong_password", "bad_api_key", "locked", "unknown_username"] as const;
function attemptData(i: number) {
  const failure = i % 4 === 0;
  return {
    account_id: `bench-${run}-acct-${i % accountCount}`,
    channel: (["web", "api", "smtp"] as const)[i % 3],
    outcome: failure ? "failure" : "success",
    ...(failure ? { reason: REASONS[(i >> 2) % REASONS.length] } : {}),
    username_tried: `bench-${run}-user-${i % accountCount}`,
    ip: `198.51.100.${(i % 250) + 1}`,
    user_agent: "bench/1.0",
  };
}

async function post(base: string, token: string, path_: string, body: unknown, contentType: string): Promise<{ status: number; json: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${path_}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json().catch(() => null);
  return { status: response.status, json, ms: performance.now() - started };
}

interface Measured {
  eventsPerSecond: number;
  p50: number;
  p95: number;
}

/** `senders` loops in parallel, each sending `batches` batches made by `send(sender, n)`. */
async function measure(senders: number, send: (sender: number, n: number) => Promise<number>): Promise<Measured> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async (_, sender) => {
      for (let n = 0; n < batches; n++) latencies.push(await send(sender, n));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: (senders * batches * BATCH) / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

let sequence = 0;
const { base, child } = await startConsole(fail, args.url);
try {
  // A source with a known token, then the accounts the attempts belong to (through the API).
  const token = newSourceToken();
  await pool.query(
    `INSERT INTO event_sources (name, token_hash, token_prefix, scopes, max_events_per_second) VALUES ($1, $2, $3, ARRAY['ingest','redeem'], 1000000)`,
    [`bench-${run}`, token.hash, token.prefix],
  );
  const now = new Date();
  const created = Array.from({ length: accountCount }, (_, i) =>
    event(
      "account.created",
      { account_id: `bench-${run}-acct-${i}`, username: `bench-${run}-user-${i}`, email: `bench-${run}-${i}@bench.example` },
      `bench-${run}-a${i}`,
      new Date(now.getTime() - 60_000),
    ),
  );
  for (let i = 0; i < created.length; i += BATCH) {
    const reply = await post(base, token.token, "/api/ingest/v1/events", created.slice(i, i + BATCH), "application/cloudevents-batch+json");
    if (reply.status !== 200) fail(`creating the bench accounts answered ${reply.status}: ${JSON.stringify(reply.json).slice(0, 300)}`);
  }
  const ids = (await pool.query<{ id: number }>(`SELECT id FROM accounts WHERE username_lower LIKE $1 ORDER BY id`, [`bench-${run}-user-%`])).rows.map(
    (r) => r.id,
  );
  if (ids.length !== accountCount) fail(`expected ${accountCount} bench accounts, found ${ids.length}`);

  const httpBatch = async (): Promise<number> => {
    const events = Array.from({ length: BATCH }, () => {
      const n = ++sequence;
      return event("login.attempted", attemptData(n), `bench-${run}-e${n}`, new Date(now.getTime() - (n % 3_600_000)));
    });
    const reply = await post(base, token.token, "/api/ingest/v1/events", events, "application/cloudevents-batch+json");
    if (reply.status !== 200) fail(`ingest answered ${reply.status}: ${JSON.stringify(reply.json).slice(0, 300)}`);
    return reply.ms;
  };
  const rawBatch = async (): Promise<number> => {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let k = 0; k < BATCH; k++) {
      const n = ++sequence;
      const d = attemptData(n);
      const p = values.length;
      rows.push(`($${p + 1}, $${p + 2}::login_channel, $${p + 3}::login_outcome, $${p + 4}::login_failure_reason, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`);
      values.push(
        ids[n % accountCount],
        d.channel?.toUpperCase(),
        d.outcome.toUpperCase(),
        d.reason?.toUpperCase() ?? null,
        d.username_tried,
        d.ip,
        d.user_agent,
        new Date(now.getTime() - (n % 3_600_000)),
      );
    }
    const started = performance.now();
    await pool.query(
      `INSERT INTO login_attempts (account_id, channel, outcome, reason, username_tried, ip, user_agent, occurred_at) VALUES ${rows.join(", ")}`,
      values,
    );
    return performance.now() - started;
  };

  for (let i = 0; i < WARMUP; i++) {
    await rawBatch();
    await httpBatch();
  }
  const results: [string, Measured][] = [];
  for (const senders of [1, 2]) {
    results.push([`raw multi-row INSERT, ${senders} sender${senders > 1 ? "s" : ""}`, await measure(senders, rawBatch)]);
    results.push([`HTTP ingest,          ${senders} sender${senders > 1 ? "s" : ""}`, await measure(senders, httpBatch)]);
  }
  const accepted = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM login_attempts WHERE username_tried LIKE $1`, [`bench-${run}-user-%`]);

  console.log(
    `bench:ingest  login.attempted in batches of ${BATCH.toLocaleString("en-US")}, ${batches} batches per sender (after ${WARMUP} warm-up), ${accountCount} accounts`,
  );
  console.log(`${"".padEnd(36)}${"events/s".padStart(10)}${"batch p50".padStart(12)}${"batch p95".padStart(12)}`);
  for (const [label, m] of results) {
    console.log(
      `${label.padEnd(36)}${Math.round(m.eventsPerSecond).toLocaleString("en-US").padStart(10)}${`${m.p50.toFixed(1)} ms`.padStart(12)}${`${m.p95.toFixed(1)} ms`.padStart(12)}`,
    );
  }
  for (const senders of [1, 2]) {
    const raw = results[(senders - 1) * 2]?.[1];
    const http = results[(senders - 1) * 2 + 1]?.[1];
    if (raw && http)
      console.log(
        `  ${senders} sender${senders > 1 ? "s" : ""}: HTTP ingest runs at ${(http.eventsPerSecond / raw.eventsPerSecond).toFixed(2)}x the raw INSERT's rate`,
      );
  }
  console.log(`  rows written by this run: ${accepted.rows[0]?.n ?? "?"} (raw and HTTP together)`);
  const target = results.filter(([label]) => label.startsWith("HTTP")).every(([, m]) => m.eventsPerSecond >= 10_000 && m.p95 < 300);
  console.log(`  target (≥ 10,000 events/s, batch p95 < 300 ms): ${target ? "met" : "NOT met"}`);

  const { benchRedemption } = await import("./bench-redeem");
  await benchRedemption({ pool, base, token: token.token, run, count: redemptions, accountId: ids[0] ?? 0 });
} finally {
  child?.kill("SIGTERM");
  await pool.end();
}
