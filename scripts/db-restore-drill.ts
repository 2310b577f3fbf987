// npm run db:restore-drill -- --server <postgresql://owner@host:5432/postgres> [--port 3295] [--keep]
// The backup and restore drill (docs/operations.md#the-restore-drill), on scratch
// databases of the given server, left as they were (dropped at the end, unless --keep):
//  1. a source database: migrated, with audit entries; a backup of it (pg_dump) taken;
//     then one more entry, and the audit chain's head recorded (the anchor), and the
//     latest backup taken;
//  2. the latest backup restored into a new database: migrations have nothing to do,
//     `audit:verify --anchor` passes, and the console starts on it (health and sign-in
//     page answer), then stops;
//  3. the older backup restored: the anchor detects the entry it lost.
// Exit status 0 when every step went as it must. Needs pg_dump/pg_restore on PATH and the
// build (`npm run build`).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { verifyAuditChain, type ChainLink, type VerifyChainResult } from "@/lib/audit/verify-chain";
import { createDatabase, dropDatabase, dumpDatabase, restoreDatabase } from "@/lib/db/backup";
import { applyMigrations } from "@/lib/db/migrations";

const ROOT = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { server: { type: "string" }, port: { type: "string", default: "3295" }, keep: { type: "boolean", default: false } } });
if (!values.server) {
  console.error("usage: npm run db:restore-drill -- --server postgresql://owner@host:5432/postgres [--port 3295] [--keep]");
  process.exit(2);
}
const server = values.server;
const port = Number(values.port);
const started = Date.now();
const say = (message: string) => console.log(`[restore-drill ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const tag = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const names = { source: `drill_source_${tag}`, restored: `drill_restored_${tag}`, lossy: `drill_lossy_${tag}` };
const work = await mkdtemp(path.join(tmpdir(), "restore-drill-"));

async function verify(url: string, anchor?: ChainLink): Promise<VerifyChainResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await verifyAuditChain(client, anchor ? { anchor } : {});
  } finally {
    await client.end();
  }
}

async function addEntries(url: string, count: number): Promise<void> {
  // As the console writes them (lib/audit/audit-sql.ts); the chain trigger links each one.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < count; i++) {
      await client.query("INSERT INTO audit_entries (actor_id, actor_email, action, outcome) VALUES (NULL, 'restore-drill', 'account.view', 'DONE')");
    }
  } finally {
    await client.end();
  }
}

/** Starts `npm start` on the restored database, checks that it answers, stops it. */
async function consoleStarts(url: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "start.ts"), "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, DATABASE_READ_URL: "", AUTH_SECRET: randomBytes(33).toString("base64"), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode}):\n${output}`);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
      if (health?.ok) break;
      if (Date.now() > deadline) throw new Error(`the console did not answer in 2 minutes:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const signIn = await fetch(`http://127.0.0.1:${port}/sign-in`);
    if (signIn.status !== 200 || !(await signIn.text()).includes("Sign in")) throw new Error(`the sign-in page answered ${signIn.status}`);
    say(`the console started on the restored database: /api/health and /sign-in answer 200`);
  } finally {
    child.kill("SIGINT");
    const code = await exited;
    say(`the console stopped (exit ${code})`);
  }
}

let failed = false;
try {
  // 1. The source, its older backup, one more entry, the anchor, the latest backup.
  const source = await createDatabase(server, names.source);
  await applyMigrations(source);
  await addEntries(source, 5);
  const older = path.join(work, "older.dump");
  await dumpDatabase(source, older);
  await addEntries(source, 1);
  const head = await verify(source);
  if (!head.ok || !head.head) throw new Error("the source's audit trail has no head");
  const anchor = head.head;
  say(`source: ${head.count} audit entries; anchor recorded: --anchor ${anchor.id}:${anchor.hash}`);
  const latest = path.join(work, "latest.dump");
  await dumpDatabase(source, latest);
  say("backups taken with pg_dump --format=custom (one before the last entry, one after)");

  // 2. The latest backup restores into a console that works, its trail intact.
  const restored = await createDatabase(server, names.restored);
  await restoreDatabase(latest, restored);
  const applied = await applyMigrations(restored);
  if (applied.length > 0) throw new Error(`migrations applied on the restored database: ${applied.join(", ")}`);
  say("restored into a new database; migrations: nothing to do");
  const check = await verify(restored, anchor);
  if (!check.ok) throw new Error(`audit:verify --anchor fails on the restored database: ${check.broken.message}`);
  say(`audit:verify --anchor passes: ${check.count} entries, the recorded head among them`);
  await consoleStarts(restored);

  // 3. The older backup lost the newest entry: the anchor must say so.
  const lossy = await createDatabase(server, names.lossy);
  await restoreDatabase(older, lossy);
  const lost = await verify(lossy, anchor);
  if (lost.ok) throw new Error("a restore that lost the newest audit entry passed audit:verify --anchor");
  say(`a restore of the older backup is detected: ${lost.broken.problem}: ${lost.broken.message}`);
  say("drill passed");
} catch (error) {
  failed = true;
  console.error(`[restore-drill] FAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (!values.keep) for (const name of Object.values(names)) await dropDatabase(server, name).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
