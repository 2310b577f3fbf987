// npm run bench:scale-out [-- --duration 15 --concurrency 8 --server postgresql://postgres@127.0.0.1:5432/postgres]
//
// The console scaled out: web instances and workers on one fresh PostgreSQL database,
// while a load generator views accounts, ingests events and sends username reminders
// for a fixed time. Two phases on the same database, so the figures compare like with
// like on a shared machine:
//   baseline   one web instance and one worker straight on PostgreSQL
//   scale-out  two web instances and two workers through PgBouncer (transaction pooling,
//              lib/testing/pgbouncer.ts, DATABASE_PREPARED_STATEMENTS as the docs say)
// Needs the build (`npm run build`), Debian's pgbouncer and a PostgreSQL server on which
// it may create (and afterwards drop) a database. The emails go to an SMTP sink here that
// records each message's X-Outbox-Id.
// Checks, for each phase: no request failed; every account page served has exactly one
// account.view audit entry; every email queued was delivered exactly once (sink vs
// outbox); and at the end `npm run audit:verify` finds the chain intact. Each process
// gets METRICS_PORT / WORKER_METRICS_PORT; a /metrics that answers is scraped and counted.
// Exit status 1 when a check fails, 2 for bad arguments.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { applyMigrations } from "@/lib/db/migrations";
import { createPrismaClient } from "@/lib/db/prisma";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";
import { findPgBouncer, startPgBouncer } from "@/lib/testing/pgbouncer";
import { seedDemoStaff } from "@/prisma/seed/demo";
import { seedAccount } from "@/prisma/seed/factories";
import { actionId, loadGenerator, type PhaseFigures } from "./bench-scale-out-load";
import { benchCommandLine, freePort, signInStaff } from "./bench-support";
import { webServerNodeFlags } from "./launch-config";

const USAGE = "usage: npm run bench:scale-out [-- --duration 15 --concurrency 8 --accounts 20 --server postgresql://postgres@127.0.0.1:5432/postgres]";
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const { args, fail, positive } = benchCommandLine("bench:scale-out", USAGE, {
  duration: { type: "string" },
  concurrency: { type: "string" },
  accounts: { type: "string" },
  server: { type: "string" },
});
const duration = positive("duration", 15);
const concurrency = positive("concurrency", 8);
const accountCount = positive("accounts", 20);
const serverUrl = args.server ?? process.env.DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, "..");
const found = findPgBouncer();
const binary = found.ok ? found.binary : fail(found.missing);
const agent = DEMO_STAFF.find((s) => s.role === "AGENT") ?? fail("no demo agent");

// ------------------------------------------------------------------ the database

const name = `console_bench_scale_${randomBytes(4).toString("hex")}`;
const directUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
})();
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const children: ChildProcess[] = [];
let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once("exit", r))));
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
process.once("SIGINT", () => void cleanUp().then(() => process.exit(130)));

await applyMigrations(directUrl);
const setup = createPrismaClient(directUrl, { max: 2 });
await seedDemoStaff(setup);
const accounts: number[] = [];
for (let i = 0; i < accountCount; i++) {
  const seeded = await seedAccount(setup, { scenario: "healthy", now: new Date(), username: `scale-${i}`, historyMonths: 1 });
  accounts.push(seeded.accountId!);
}
const source = newSourceToken();
const direct = new pg.Pool({ connectionString: directUrl, max: 2 });
// pg's advice for every pool: an idle client's error is the pool's 'error' event, which
// unheard ends the process. The clean-up's DROP DATABASE ... WITH (FORCE) terminates
// whatever is still connected, and once crashed a run whose checks had all passed (exit 1).
direct.on("error", () => undefined);
await direct.query(`INSERT INTO event_sources (name, token_hash, token_prefix, max_events_per_second) VALUES ('bench-scale-out', $1, $2, 1000000)`, [
  source.hash,
  source.prefix,
]);
await setup.$disconnect();

// ------------------------------------------------------------------ the SMTP sink

/** X-Outbox-Id of every message received, in order (a duplicate shows twice). */
const received: number[] = [];
const sink = new SMTPServer({
  disabledCommands: ["AUTH", "STARTTLS"],
  authOptional: true,
  logger: false,
  closeTimeout: 1000,
  onData(stream, _session, callback) {
    let head = "";
    stream.on("data", (chunk: Buffer) => {
      if (head.length < 8192) head += chunk.toString("latin1");
    });
    stream.on("end", () => {
      const id = /^X-Outbox-Id:\s*(\d+)/im.exec(head)?.[1];
      received.push(id ? Number(id) : -1);
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;

// ------------------------------------------------------------------ the processes

const secrets = { AUTH_SECRET: randomBytes(33).toString("base64"), OUTBOX_SECRET: randomBytes(33).toString("base64") };
const common = {
  ...process.env,
  ...secrets,
  NODE_ENV: "production" as const,
  NEXT_TELEMETRY_DISABLED: "1",
  SMTP_URL: smtpUrl,
  // The load sends far more than an agent would: the limits are not what is measured.
  RECOVERY_LIMIT_PER_ACCOUNT_HOUR: "1000",
  RECOVERY_LIMIT_PER_AGENT_HOUR: "10000",
  OUTBOX_POLL_MS: "200",
  // The agent signing in is the demo seed's, on a throwaway database.
  ALLOW_DEMO_STAFF: "1",
  LOG_LEVEL: "warn",
};

interface Instance {
  base: string;
  metrics: string;
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) fail(`${what} exited at start (run \`npm run build\` first)`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  fail(`${what} did not answer ${url} within 120 s`);
}

async function startWeb(databaseUrl: string, prepared: boolean): Promise<Instance> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [...webServerNodeFlags(process.env), "--import", "tsx", path.join(ROOT, "scripts", "serve.ts"), "--port", String(port), "--host", "127.0.0.1"],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...common,
        DATABASE_URL: databaseUrl,
        CONSOLE_DATABASE_MODE: "server",
        DATABASE_PREPARED_STATEMENTS: prepared ? "on" : "off",
        AUTH_TRUST_HOST: "true",
        METRICS_PORT: String(metricsPort),
      },
    },
  );
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`, child, "a web instance");
  return { base, metrics: `http://127.0.0.1:${metricsPort}/metrics` };
}

async function startWorker(databaseUrl: string): Promise<Instance> {
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/ensure-prisma-client.ts", path.join(ROOT, "scripts", "worker.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...common, DATABASE_URL: databaseUrl, WORKER_METRICS_PORT: String(metricsPort) },
  });
  children.push(child);
  return { base: "", metrics: `http://127.0.0.1:${metricsPort}/metrics` };
}

async function stopAll(): Promise<void> {
  const running = children.splice(0);
  for (const child of running) child.kill("SIGTERM");
  await Promise.all(running.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once("exit", r))));
}

/** Samples in a /metrics answer, or null when nothing answers there (no listener yet). */
async function scrape(url: string): Promise<number | null> {
  const text = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
    (r) => (r.ok ? r.text() : null),
    () => null,
  );
  return text === null ? null : text.split("\n").filter((line) => line && !line.startsWith("#")).length;
}

// ------------------------------------------------------------------ a phase

interface Checked extends PhaseFigures {
  label: string;
  auditedOnce: boolean;
  emailsOnce: boolean;
  drainSeconds: number;
  scraped: (number | null)[];
}

async function viewAuditCounts(): Promise<Map<number, number>> {
  const { rows } = await direct.query<{ id: number; n: string }>(
    `SELECT target_account_id AS id, count(*)::text AS n FROM audit_entries WHERE action = 'account.view' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

async function runPhase(label: string, databaseUrl: string, prepared: boolean, webs: number, workers: number): Promise<Checked> {
  const instances = await Promise.all(Array.from({ length: webs }, () => startWeb(databaseUrl, prepared)));
  const workerInstances = await Promise.all(Array.from({ length: workers }, () => startWorker(databaseUrl)));
  // One session for the agent, valid on every instance (same AUTH_SECRET).
  const cookie = await signInStaff(instances[0]!.base, agent.email, agent.password);
  const action = actionId(ROOT, "sendUsernameRecoveryAction");
  // Warm-up, before anything is counted: each instance's first pages build its caches.
  for (const instance of instances) {
    for (const id of accounts.slice(0, 3)) await fetch(`${instance.base}/accounts/${id}`, { headers: { cookie } }).then((r) => r.text());
  }
  const auditsBefore = await viewAuditCounts();
  const sentBefore = received.length;
  const ticket = `SCALE-${label}-${randomUUID().slice(0, 8)}`;
  const figures = await loadGenerator({
    bases: instances.map((i) => i.base),
    cookie,
    action,
    accounts,
    sourceToken: source.token,
    ticket,
    duration,
    concurrency,
  });
  // Every view answered in full was audited exactly once, per account.
  const auditsAfter = await viewAuditCounts();
  const auditedOnce = accounts.every((id) => (auditsAfter.get(id) ?? 0) - (auditsBefore.get(id) ?? 0) === (figures.viewsPerAccount.get(id) ?? 0));
  // The workers drain what the phase queued; each row delivered once, on its first attempt.
  const drainStarted = performance.now();
  let pending = 1;
  for (let i = 0; i < 120 && pending > 0; i++) {
    pending = Number((await direct.query<{ n: string }>(`SELECT count(*)::text AS n FROM email_outbox WHERE status IN ('QUEUED','SENDING')`)).rows[0]?.n);
    if (pending > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const { rows } = await direct.query<{ id: number; status: string; attempts: number }>(
    `SELECT id, status::text AS status, attempts FROM email_outbox WHERE ticket_ref = $1`,
    [ticket],
  );
  const delivered = received.slice(sentBefore);
  const ids = new Set(rows.map((r) => r.id));
  const emailsOnce =
    rows.length === figures.sends &&
    rows.every((r) => r.status === "SENT" && r.attempts === 1) &&
    delivered.length === rows.length &&
    new Set(delivered).size === delivered.length &&
    delivered.every((id) => ids.has(id));
  const scraped = await Promise.all([...instances, ...workerInstances].map((i) => scrape(i.metrics)));
  await stopAll();
  return { ...figures, label, auditedOnce, emailsOnce, drainSeconds, scraped };
}

// ------------------------------------------------------------------ the run

const bouncer = await startPgBouncer(binary, serverUrl, { poolSize: 10 });
let exitCode = 0;
try {
  const baseline = await runPhase("baseline", directUrl, true, 1, 1);
  const scaled = await runPhase("scale-out", bouncer.url(directUrl), bouncer.preparedStatements, 2, 2);
  const verify = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/ensure-prisma-client.ts", "scripts/audit-verify.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: directUrl },
    encoding: "utf8",
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `bench:scale-out: ${duration} s per phase, ${concurrency} concurrent clients (7 views : 2 ingest batches of 10 events : 1 username reminder), ${accountCount} accounts; PgBouncer ${binary.version.join(".")} transaction pooling, pool 10, DATABASE_PREPARED_STATEMENTS=${bouncer.preparedStatements ? "on" : "off"}`,
  );
  for (const p of [baseline, scaled]) {
    out(
      `${p.label.padEnd(9)}: ${p.requestsPerSecond.toFixed(1)} req/s (views p50 ${p.viewP50.toFixed(0)} ms, p95 ${p.viewP95.toFixed(0)} ms; ingest p95 ${p.ingestP95.toFixed(0)} ms; send p95 ${p.sendP95.toFixed(0)} ms), ` +
        `${p.views} views, ${p.batches} batches, ${p.sends} emails = ${(p.sends / duration).toFixed(1)} emails/s queued, drained ${p.drainSeconds.toFixed(1)} s after the load; ` +
        `errors ${p.errors}${p.firstError ? ` (first: ${p.firstError})` : ""}; views audited once: ${p.auditedOnce ? "ok" : "MISMATCH"}; emails sent once: ${p.emailsOnce ? "ok" : "MISMATCH"}; ` +
        `/metrics: ${p.scraped.map((n) => (n === null ? "none" : `${n} samples`)).join(", ")}`,
    );
    if (p.errors > 0 || !p.auditedOnce || !p.emailsOnce) exitCode = 1;
  }
  out(
    `scale-out / baseline: requests/s x${(scaled.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}, view p95 x${(scaled.viewP95 / baseline.viewP95).toFixed(2)}, emails/s x${(scaled.sends / Math.max(1, baseline.sends)).toFixed(2)}`,
  );
  out(
    `audit:verify: ${verify.status === 0 ? "intact" : `FAILED (${verify.status}): ${(verify.stdout + verify.stderr).trim().split("\n").slice(-3).join(" / ")}`}`,
  );
  if (verify.status !== 0) exitCode = 1;
} finally {
  await stopAll();
  await bouncer.stop();
  await direct.end();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  await cleanUp();
}
process.exit(exitCode);
