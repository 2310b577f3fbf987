// A real Prometheus (Debian's `prometheus`) scrapes a running console and worker: the
// built web server (scripts/serve.ts) and `npm run worker` (scripts/worker.ts) on a test
// database, a sign-in, a password reset sent through a real SMTP sink, an ingest batch and
// a link redemption, then Prometheus' HTTP API is asked for the series those leave.
// It also reads both expositions for label values that must never be there (emails,
// ids, tokens). Skips, saying why, without the prometheus binary or a current build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/passwords";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { startSmtpCatcher, type SmtpCatcher } from "@/lib/email/catcher";
import { hashToken, newResetToken, sealToken } from "@/lib/email/token";
import { ensureDemoSource } from "@/lib/platform/sources/demo-source";
import { seedAccount } from "@/prisma/seed/factories";
import { buildIsCurrent } from "./build-fingerprint";
import { freePort, signInStaff } from "./bench-support";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUTBOX_SECRET = "prometheus-scrape-test-outbox-secret";
// This process seals the reset token as the web server would; the worker opens it.
process.env.OUTBOX_SECRET = OUTBOX_SECRET;
const hasPrometheus = spawnSync("prometheus", ["--version"]).status === 0;
const built = buildIsCurrent(ROOT);
const skip = !hasPrometheus ? "the prometheus binary is not installed (apt-get install prometheus)" : !built ? "no current build (npm run build)" : null;
if (skip) console.warn(`scripts/prometheus-scrape.int.test.ts skipped: ${skip}`);

let t: TestDatabase;
let catcher: SmtpCatcher;
let dir = "";
const children: ChildProcess[] = [];
const secrets = { email: "lead@scrape.test", password: "scrape-test-password-1", sourceToken: "", resetToken: "", staffId: "", accountId: 0 };
let web = "";
let webMetrics = "";
let workerMetrics = "";
let prometheus = "";

/** Every child's output, for a failure to show (a send that failed says why only there). */
const outputs: string[] = [];

/** Starts a process and resolves with the first match of `pattern` in its output. */
function start(args: string[], env: Record<string, string>, pattern: RegExp): Promise<RegExpExecArray> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const index = outputs.push("") - 1;
    const look = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      outputs[index] = output.slice(-3000);
      const match = pattern.exec(output);
      if (match) resolve(match);
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("exit", (code) => reject(new Error(`${args.at(-1) ?? "process"} exited (${code}) before ${pattern}:\n${output.slice(-2000)}`)));
  });
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One instant query; the value of each series, keyed by its labels as JSON. */
async function query(promql: string): Promise<number[]> {
  const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
  return (body.data?.result ?? []).map((r) => Number(r.value[1]));
}

/** Waits for the query to give one series whose value passes; on time-out, says what the metric's series were. */
async function single(promql: string, accept: (value: number) => boolean): Promise<number> {
  try {
    return await until(promql, async () => {
      const values = await query(promql);
      return values.length === 1 && accept(values[0]!) ? values[0]! : null;
    });
  } catch (error) {
    const name = /console_\w+|up/.exec(promql)?.[0] ?? "";
    const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(name)}`);
    const seen = `${String(error)}; ${name} has: ${JSON.stringify(((await response.json()) as { data?: unknown }).data)}`.slice(0, 4000);
    throw new Error(`${seen}\n--- the processes' output:\n${outputs.join("\n---\n")}`);
  }
}

beforeAll(async () => {
  if (skip) return;
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "console-prometheus-"));
  catcher = await startSmtpCatcher({ db: t.db });
  const staff = await t.db.staffUser.create({
    data: { email: secrets.email, name: "Lead", role: "LEAD", passwordHash: await hashPassword(secrets.password) },
  });
  secrets.staffId = staff.id;
  const demo = await ensureDemoSource(t.db, dir);
  secrets.sourceToken = demo.state === "ready" ? demo.token : "";

  const common = { DATABASE_URL: t.url, OUTBOX_SECRET, NEXT_TELEMETRY_DISABLED: "1", METRICS_PORT: "0", WORKER_METRICS_PORT: "0" };
  const port = await freePort();
  const [webStarted, workerStarted] = await Promise.all([
    start(
      ["--import", "tsx", path.join(ROOT, "scripts", "serve.ts"), "--port", String(port), "--host", "127.0.0.1"],
      {
        ...common,
        NODE_ENV: "production",
        AUTH_SECRET: "prometheus-scrape-test-auth-secret-0123456789",
        AUTH_TRUST_HOST: "true",
        // Named prepared statements only on a real server: the embedded socket server shares one
        // PGlite between connections, so a second connection preparing the account page failed.
        CONSOLE_DATABASE_MODE: t.kind === "embedded" ? "embedded" : "server",
      },
      /metrics on (http:\/\/[^\s]+)\/metrics/,
    ),
    start(
      ["--import", "tsx", path.join(ROOT, "scripts", "worker.ts")],
      { ...common, SMTP_URL: catcher.url, OUTBOX_POLL_MS: "200" },
      /"metrics":"(http:\/\/[^"]+)\/metrics"/,
    ),
  ]);
  webMetrics = webStarted[1]!;
  workerMetrics = workerStarted[1]!;
  web = `http://127.0.0.1:${port}`;
  await until("the console", async () => ((await fetch(`${web}/api/health/ready`)).ok ? true : null), 240_000);

  const promPort = await freePort();
  const target = (url: string) => new URL(url).host;
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global: { scrape_interval: 1s, evaluation_interval: 1s }",
      `rule_files: [${JSON.stringify(path.join(ROOT, "ops", "prometheus", "alerts.yml"))}]`,
      "scrape_configs:",
      `  - { job_name: console-web, static_configs: [{ targets: [${JSON.stringify(target(webMetrics))}] }] }`,
      `  - { job_name: console-worker, static_configs: [{ targets: [${JSON.stringify(target(workerMetrics))}] }] }`,
      "",
    ].join("\n"),
  );
  const prom = spawn(
    "prometheus",
    [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${promPort}`],
    { stdio: "ignore" },
  );
  children.push(prom);
  prometheus = `http://127.0.0.1:${promPort}`;
  await until("prometheus", async () => ((await fetch(`${prometheus}/-/ready`)).ok ? true : null));
}, 360_000);

afterAll(async () => {
  for (const child of children.reverse()) {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  await catcher?.stop();
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(skip !== null)("Prometheus scraping the console and the worker", () => {
  it("finds the series a sign-in, a reset, an ingest batch and a redemption leave, and the targets up", async () => {
    // A wrong password, then the right one.
    await expect(signInStaff(web, secrets.email, "not-the-password")).rejects.toThrow();
    const session = await signInStaff(web, secrets.email, secrets.password);
    // An account page by id: the histogram must name its template, not the id.
    const account = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
    secrets.accountId = account.accountId ?? 0;
    expect((await fetch(`${web}/accounts/${secrets.accountId}`, { headers: { cookie: session } })).status).toBe(200);

    // A password reset, queued as the action queues it; the worker sends it to the sink.
    const raw = newResetToken();
    secrets.resetToken = raw;
    const expiresAt = new Date(Date.now() + 3_600_000);
    const outbox = await t.db.emailOutbox.create({
      data: {
        kind: "PASSWORD_RESET",
        recipient: account.email,
        accountId: secrets.accountId,
        requestedById: secrets.staffId,
        idempotencyKey: "scrape-reset",
        payload: { kind: "PASSWORD_RESET", username: account.username, sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
      },
    });
    await t.db.passwordResetToken.create({
      data: { accountId: secrets.accountId, tokenHash: hashToken(raw), expiresAt, outboxId: outbox.id, requestedById: secrets.staffId },
    });
    // Sent before the customer follows it: a link redeemed first is one the worker rightly
    // refuses to send ("the link was already used"), which failed a CI run when the
    // redemption below overtook the worker's poll.
    await until("the reset to be sent", async () => ((await t.db.emailOutbox.findUnique({ where: { id: outbox.id } }))?.status === "SENT" ? true : null));

    // An ingest batch: one event accepted, one of an unknown type rejected.
    const now = new Date().toISOString();
    const batch = await fetch(`${web}/api/ingest/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${secrets.sourceToken}`, "content-type": "application/cloudevents-batch+json" },
      body: JSON.stringify([
        {
          specversion: "1.0",
          id: "scrape-1",
          source: "/platform",
          type: "account.created",
          time: now,
          data: { account_id: "acct_scrape", username: "scrape", email: "scrape@customer.test", plan: "pro" },
        },
        { specversion: "1.0", id: "scrape-2", source: "/platform", type: "no.such.type", time: now, data: {} },
      ]),
    });
    expect(await batch.json()).toMatchObject({ accepted: 1, rejected: 1 });
    // The customer follows the link: the platform redeems its token.
    await fetch(`${web}/api/platform/v1/tokens/redeem`, {
      method: "POST",
      headers: { authorization: `Bearer ${secrets.sourceToken}`, "content-type": "application/json" },
      body: JSON.stringify({ token: raw }),
    });

    await single('up{job="console-web"}', (v) => v === 1);
    await single('up{job="console-worker"}', (v) => v === 1);
    await single('console_staff_sign_in_failures_total{reason="wrong_password"}', (v) => v === 1);
    await single('sum(console_http_request_duration_seconds_count{route="/api/auth/[...nextauth]", method="POST"})', (v) => v >= 2);
    await single('sum(console_http_request_duration_seconds_count{route="/accounts/[id]", status="200"})', (v) => v >= 1);
    await single('console_outbox_sends_total{kind="PASSWORD_RESET", result="sent"}', (v) => v === 1);
    await single('console_outbox_dispatch_latency_seconds_count{kind="PASSWORD_RESET"}', (v) => v === 1);
    await single('console_ingest_events_total{type="account.created", result="accepted"}', (v) => v === 1);
    await single('console_ingest_events_total{type="unknown", result="rejected"}', (v) => v === 1);
    await single('console_ingest_batch_duration_seconds_count{outcome="ok"}', (v) => v === 1);
    await single('console_link_redemptions_total{result="redeemed"}', (v) => v === 1);
    await single('console_outbox_emails{status="QUEUED"}', (v) => v === 0);
    await single("console_ingest_parked_events", (v) => v === 0);
    await single('console_ready{job="console-web"}', (v) => v === 1);
    await single('console_job_last_success_timestamp_seconds{background_job="outbox_dispatcher"}', (v) => v > Date.now() / 1000 - 60);
    await single('console_db_pool_in_use{job="console-web", pool="primary"}', (v) => v >= 0);
    await single('console_build_info{job="console-worker", process="worker"}', (v) => v === 1);
    // The two sign-ins (the account page audits its view in its own read statement).
    await single("sum(console_audit_entries_total)", (v) => v >= 2);
    // The worker answers its own health on the same listener.
    expect((await fetch(`${workerMetrics}/ready`)).status).toBe(200);
    expect((await fetch(`${workerMetrics}/live`)).status).toBe(200);
    // No alert fires on a healthy console (the rules load: no rule group errors).
    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as { data: { groups: { rules: { health: string; state: string }[] }[] } };
    const all = rules.data.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter((r) => r.health !== "ok")).toEqual([]);
  }, 180_000);

  it("never puts an email, an id or a token in a label value", async () => {
    for (const url of [webMetrics, workerMetrics]) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const values = [...text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => ({ name: m[1]!, value: m[2]! }));
      expect(values.length).toBeGreaterThan(20);
      const forbidden = [
        secrets.email,
        "scrape@customer.test",
        secrets.sourceToken,
        secrets.resetToken,
        secrets.staffId,
        `/${secrets.accountId}`,
        "acct_scrape",
        "scrape-1",
      ];
      for (const { name, value } of values) {
        expect(value, `${name}="${value}"`).not.toMatch(/@/);
        for (const secret of forbidden) if (secret) expect(value, `${name}="${value}"`).not.toContain(secret);
        // Nothing token-like: a long run of letters and digits without a separator.
        if (name !== "commit") expect(value, `${name}="${value}"`).not.toMatch(/[A-Za-z0-9]{24,}/);
      }
    }
  });
});
