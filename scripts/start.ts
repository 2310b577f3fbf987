// npm start: the one command that brings the console up.
//  - Without DATABASE_URL: opens the embedded PostgreSQL (PGlite) in .data/, serves it
//    on a Unix socket only this user can open, applies migrations, seeds the demo data
//    on first start. The web server listens on 127.0.0.1 (HOST to change), and
//    NODE_ENV=production is refused: this is a local demo with published passwords.
//  - With DATABASE_URL: uses that server as it is (deployments run `npm run db:migrate`
//    themselves) and refuses to start if migrations are pending.
// Then it builds the app if the build is missing or stale and runs the web server
// (scripts/serve.ts: Next behind the console's own http server, `next dev` with --dev)
// as a child process, and shuts everything down on Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config, configOrExit } from "@/lib/config";
import { applyMigrations, readMigrationList } from "@/lib/db/migrations";
import { createPrismaClient } from "@/lib/db/prisma";
import { checkReadReplica } from "@/lib/db/read-replica";
import { DataFolderInUseError, openDatabase, type OpenDatabase } from "@/lib/db/runtime";
import { demoStaffRefusal } from "@/lib/staff/bootstrap";
import { buildIsCurrent } from "./build-fingerprint";
import { isLoopbackHost, resolveLaunchConfig, webServerNodeFlags } from "./launch-config";

const ROOT = path.resolve(import.meta.dirname, "..");

// The command line and every variable checked now, each bad one named, before anything starts.
const resolved = resolveLaunchConfig(process.argv.slice(2), process.env, ROOT);
if (!resolved.ok) {
  console.error(`[console] ${resolved.message}`);
  process.exit(2);
}
const launch = resolved.config;
const { port, dataDir } = launch;
configOrExit("console");
const log = (message: string) => console.log(`[console] ${message}`);

function run(command: string, commandArgs: string[]): void {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`[console] \`${command} ${commandArgs.join(" ")}\` failed`);
    process.exit(result.status ?? 1);
  }
}

function authSecret(embedded: boolean): string {
  const configured = config().AUTH_SECRET;
  if (configured) return configured;
  if (!embedded) {
    console.error("[console] AUTH_SECRET is required when DATABASE_URL is set (generate one with `openssl rand -base64 33`).");
    process.exit(2);
  }
  // Embedded mode is a local demo: keep a generated secret beside the data so sessions
  // survive restarts without any configuration.
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(33).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function prepareDatabase(database: OpenDatabase): Promise<void> {
  if (database.embedded) {
    const applied = await applyMigrations(database.url);
    if (applied.length) log(`applied ${applied.length} migration(s)`);
    if (launch.seed) {
      await seedIfEmpty(database.url);
      await announceDemoSource(database.url);
    }
    return;
  }
  // A shared server is migrated deliberately by whoever deploys, never implicitly by
  // one of several app instances starting at once.
  const db = createPrismaClient(database.url, { max: 1 });
  try {
    const applied = await db.$queryRaw<{ name: string }[]>`
      SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`.catch(() => []);
    const known = new Set(applied.map((r) => r.name));
    const migrations = (await readMigrationList()).migrationDirectories.map((m) => m.path);
    const pending = migrations.filter((name) => !known.has(name));
    if (pending.length) {
      console.error(`[console] ${pending.length} migration(s) not applied to DATABASE_URL: run \`npm run db:migrate\` first.`);
      process.exit(1);
    }
    const readUrl = config().DATABASE_READ_URL;
    if (launch.readReplica && readUrl) {
      const check = await checkReadReplica(database.url, readUrl, migrations);
      if (!check.ok) {
        console.error(`[console] ${check.message}`);
        process.exit(1);
      }
      for (const note of check.notes) log(note);
      for (const warning of check.warnings) console.warn(`[console] warning: ${warning}`);
      log("search, audit pages, exports and timelines read from DATABASE_READ_URL; writes and everything else from DATABASE_URL");
    }
    const refusal = await demoStaffRefusal(db, config().ALLOW_DEMO_STAFF);
    if (refusal) {
      console.error(`[console] ${refusal}`);
      process.exit(1);
    }
  } finally {
    await db.$disconnect();
  }
}

async function seedIfEmpty(url: string): Promise<void> {
  const db = createPrismaClient(url, { max: 2 });
  try {
    if ((await db.account.count()) > 0 || (await db.staffUser.count()) > 0) return;
    log("first start: loading the demo accounts and staff sign-ins");
    const { seedDemo } = await import("@/prisma/seed/demo");
    await seedDemo(db, { now: new Date() });
  } finally {
    await db.$disconnect();
  }
}

// The demo's platform source, so docs/platform-api.md's curl examples work at once. Embedded mode
// only (this is only called from its branch): a deployment never gets a demo token, and
// its tokens are never printed.
async function announceDemoSource(url: string): Promise<void> {
  const { ensureDemoSource } = await import("@/lib/platform/sources/demo-source");
  const db = createPrismaClient(url, { max: 1 });
  try {
    const demo = await ensureDemoSource(db, dataDir);
    const file = path.relative(ROOT, demo.file) || demo.file;
    if (demo.state === "revoked") {
      log(`the demo platform source is revoked (on the sources page), so it has no token; ${file} was removed`);
      return;
    }
    const what = { kept: "", created: " (new)", rotated: " (new: the stored one no longer matched this database)" }[demo.change];
    // The token itself is never printed: output ends up in log files and shippers, which
    // the e2e run's secret scan checks (e2e/global-teardown.ts).
    log(`platform source demo-platform${what}: its token is in ${file} (this user only), e.g. curl -H "Authorization: Bearer $(cat ${file})" …`);
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  for (const warning of launch.warnings) console.warn(`[console] warning: ${warning}`);
  if (!launch.dev && !buildIsCurrent(ROOT)) {
    log("building the console (first start, or the code changed)…");
    run("npm", ["run", "build"]);
  } else if (launch.dev) {
    run("npm", ["run", "db:generate", "--silent"]);
  }

  let database: OpenDatabase;
  try {
    database = await openDatabase({ dataDir });
  } catch (error) {
    console.error(`[console] ${error instanceof DataFolderInUseError ? error.message : `cannot open the database: ${String(error)}`}`);
    process.exit(1);
  }
  const shown = (folder: string) => path.relative(ROOT, folder) || folder;
  log(
    database.embedded
      ? `embedded PostgreSQL in ${shown(dataDir)}, reachable by this user only through its socket in ${shown(database.embedded.socketDir)}`
      : "using DATABASE_URL",
  );

  // Filled in once the web server is spawned; shutdown may run before that.
  const web: { child?: ChildProcess; simulator?: ChildProcess } = {};
  const mail: { stop: () => Promise<void> } = { stop: () => Promise.resolve() };
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    web.simulator?.kill("SIGTERM");
    const child = web.child;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
          // Its own drain (scripts/serve.ts) ends within SHUTDOWN_GRACE_MS.
        }, config().SHUTDOWN_GRACE_MS + 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await mail.stop().catch((error: unknown) => console.error("[console] stopping email delivery failed", error));
    await database.close().catch((error: unknown) => console.error("[console] closing the database failed", error));
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await prepareDatabase(database);
  } catch (error) {
    console.error("[console] preparing the database failed:", error);
    await shutdown(1);
    return;
  }

  // Embedded mode is one process with PGlite: no separate worker can open the data
  // folder, so the launcher delivers the outbox itself, into a built-in SMTP catcher
  // (or to SMTP_URL if one is set), and the console shows what was caught.
  if (database.embedded) {
    process.env.OUTBOX_SECRET ??= authSecret(true);
    const { startSmtpCatcher } = await import("@/lib/email/catcher");
    const { createSmtpTransport } = await import("@/lib/email/transport");
    const { startBackgroundWork } = await import("@/lib/jobs/registry");
    // The outbox sends are traced here as the worker traces them (off without OTEL_*).
    const { startTracing } = await import("@/lib/telemetry/tracing");
    await startTracing(config(), "worker");
    const mailDb = createPrismaClient(database.url, { max: 2 });
    const smtpUrl = config().SMTP_URL;
    const catcher = smtpUrl ? null : await startSmtpCatcher({ db: mailDb });
    const transport = createSmtpTransport(smtpUrl ?? catcher?.url ?? "", { pool: false });
    // The worker's jobs, in this process (lib/jobs/registry.ts); the demo's outbox polls
    // twice as often so a sent email shows on /mail at once.
    const work = startBackgroundWork({ db: mailDb, transport, workerId: "embedded", config: config(), outboxPollMs: 500 });
    // The worker's metrics and health, here since the jobs are (WORKER_METRICS_PORT).
    const { startWorkerListener } = await import("@/lib/metrics/worker-listener");
    const listener = await startWorkerListener({ db: mailDb, config: config(), root: ROOT, process: "embedded", pollMs: 500, stopping: () => stopping }).catch(
      (error: unknown) => {
        console.error(`[console] the worker metrics listener cannot listen (WORKER_METRICS_PORT to change): ${String(error)}`);
        return null;
      },
    );
    if (listener) log(`background jobs' metrics and health on ${listener.url} (/metrics, /live, /ready)`);
    mail.stop = async () => {
      await listener?.stop();
      await work.stop();
      transport.close?.();
      await catcher?.stop();
      await mailDb.$disconnect();
    };
    log(catcher ? `customer emails are caught on ${catcher.url} and shown on /mail (nothing leaves this machine)` : "customer emails go to SMTP_URL");
    if (catcher) process.env.CONSOLE_MAIL_CATCHER = "on";
  }

  const serveArgs = [...webServerNodeFlags(process.env), "--import", "tsx", path.join(ROOT, "scripts", "serve.ts"), "--port", String(port)];
  if (launch.host !== undefined) serveArgs.push("--host", launch.host);
  if (launch.dev) serveArgs.push("--dev");
  const child = spawn(process.execPath, serveArgs, {
    cwd: ROOT,
    // The IPC channel tells the web server when the launcher is gone.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: {
      ...process.env,
      NODE_ENV: launch.dev ? "development" : "production",
      DATABASE_URL: database.url,
      AUTH_SECRET: authSecret(Boolean(database.embedded)),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
      NEXT_TELEMETRY_DISABLED: "1",
      CONSOLE_DATABASE_MODE: database.embedded ? "embedded" : "server",
    },
  });
  web.child = child;
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[console] the web server exited (code ${code ?? "?"})`);
      void shutdown(code ?? 1);
    }
  });
  const shownHost = launch.host === undefined || launch.host === "127.0.0.1" ? "localhost" : launch.host.includes(":") ? `[${launch.host}]` : launch.host;
  log(`console on http://${shownHost}:${port}${launch.host !== undefined && isLoopbackHost(launch.host) ? " (this machine only; HOST to change)" : ""}`);
  if (launch.simulateRate !== null) web.simulator = await startSimulator(launch.simulateRate, () => stopping);
}

// npm start -- --simulate: the platform simulator sends live customer events to this
// console through the ingest API with the demo source's token, once the web server
// answers, so the demo shows accounts changing as an agent watches.
async function startSimulator(rate: number, stopping: () => boolean): Promise<ChildProcess | undefined> {
  const reachable = launch.host === undefined || launch.host === "0.0.0.0" || launch.host === "::" ? "127.0.0.1" : launch.host;
  const base = `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
  for (let i = 0; i < 240 && !stopping(); i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (stopping()) return undefined;
  log(`simulating the platform: ${rate} customer events/s into ${base}/api/ingest/v1/events (npm run simulate for options)`);
  const { DEMO_SOURCE_TOKEN_FILE } = await import("@/lib/platform/sources/demo-source");
  return spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "scripts", "simulate.ts"),
      "--rate",
      String(rate),
      "--url",
      base,
      "--token-file",
      path.join(dataDir, DEMO_SOURCE_TOKEN_FILE),
      "--quiet",
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
}

await main();
