// A real streaming replica for tests: a private PostgreSQL primary (initdb, on a free
// loopback port) with the console's migrations, and a standby of it made the way the
// docs/operations.md tells operators to (pg_basebackup -R), started on another free port. Both live
// in one temporary folder and are stopped and removed by stop(), or when the process
// exits.
//
// Why a private primary rather than a replica of the TEST_DATABASE_URL server: a base
// backup copies the whole cluster (on a shared development server, other people's
// benchmark databases of several GB), it needs a `replication` line in that server's
// pg_hba.conf (which tests must not edit: the default Debian server here has none), and
// replay would carry every other test file's writes. A private pair costs about 4 s,
// needs nothing from the shared server, and is the same PostgreSQL.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/testing/free-port";
import { applyMigrations } from "./migrations";

const TOOLS = ["initdb", "pg_ctl", "pg_basebackup"] as const;

interface Runner {
  bin: string;
  /** Root cannot run PostgreSQL: then every command runs as this OS user through runuser. */
  asUser: { name: string; uid: number; gid: number } | null;
}

function newestBinDir(): string | null {
  const explicit = process.env.PG_BINDIR;
  if (explicit) return TOOLS.every((t) => existsSync(path.join(explicit, t))) ? explicit : null;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (TOOLS.every((t) => existsSync(path.join(bin, t)))) return bin;
  }
  return null;
}

function osUser(name: string): { name: string; uid: number; gid: number } | null {
  const result = spawnSync("id", ["-u", name], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
  if (result.status !== 0 || gid.status !== 0) return null;
  return { name, uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * How this machine can run a private PostgreSQL pair, or why it cannot (said in the
 * skipped test's name). Checked synchronously, so a test file can decide at collection.
 */
export function replicaRunner(): { ok: true; runner: Runner } | { ok: false; missing: string } {
  if (!process.env.TEST_DATABASE_URL) {
    return { ok: false, missing: "runs with TEST_DATABASE_URL set (the PostgreSQL run of the integration suite)" };
  }
  const bin = newestBinDir();
  if (!bin) {
    return { ok: false, missing: `no ${TOOLS.join(", ")} in /usr/lib/postgresql/<version>/bin (set PG_BINDIR to their folder)` };
  }
  if (userInfo().uid !== 0) return { ok: true, runner: { bin, asUser: null } };
  // PostgreSQL refuses to run as root.
  if (spawnSync("runuser", ["--help"]).status !== 0) return { ok: false, missing: "running as root without runuser to switch to the postgres user" };
  const postgres = osUser("postgres");
  if (!postgres) return { ok: false, missing: "running as root and there is no postgres OS user to run the servers as" };
  return { ok: true, runner: { bin, asUser: postgres } };
}

function run(runner: Runner, tool: string, args: string[]): Promise<string> {
  const command = path.join(runner.bin, tool);
  const [file, argv] = runner.asUser ? ["runuser", ["-u", runner.asUser.name, "--", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${tool} ${args.join(" ")} exited ${code}: ${output.trim()}`))));
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface ReplicaPair {
  /** The console's database on the private primary. */
  primaryUrl: string;
  /** The same database on the standby (read-only). */
  replicaUrl: string;
  /** Seconds each step took, for the report. */
  timings: Record<string, number>;
  /** Stops applying WAL on the standby: from now on it lags until resumeReplay(). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the standby has replayed everything the primary has written so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const DATABASE = "console";

export async function startReplicaPair(runner: Runner): Promise<ReplicaPair> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - started) / 1000;
    return result;
  };
  const dir = mkdtempSync(path.join(tmpdir(), "console-replica-"));
  if (runner.asUser) chownSync(dir, runner.asUser.uid, runner.asUser.gid);
  const primaryDir = path.join(dir, "primary");
  const replicaDir = path.join(dir, "replica");
  const started: string[] = [];

  // Always: stop whatever started and remove the folder, even if the test process dies
  // without running its afterAll (the exit handler runs synchronously).
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    for (const dataDir of [...started].reverse()) {
      const command = path.join(runner.bin, "pg_ctl");
      const args = ["-D", dataDir, "-m", "immediate", "-w", "stop"];
      if (runner.asUser) spawnSync("runuser", ["-u", runner.asUser.name, "--", command, ...args], { stdio: "ignore" });
      else spawnSync(command, args, { stdio: "ignore" });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);

  const serverOptions = (port: number) =>
    // Durability is not the point of a test cluster; small buffers keep two of them cheap.
    `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c shared_buffers=32MB -c max_connections=40`;
  try {
    const primaryPort = await freePort();
    let replicaPort = await freePort();
    while (replicaPort === primaryPort) replicaPort = await freePort();
    const primaryServer = `postgresql://postgres@127.0.0.1:${primaryPort}`;
    await step("initdb", () => run(runner, "initdb", ["-D", primaryDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]));
    await step("start primary", async () => {
      await run(runner, "pg_ctl", ["-D", primaryDir, "-l", path.join(dir, "primary.log"), "-o", serverOptions(primaryPort), "-w", "-t", "60", "start"]);
      started.push(primaryDir);
    });
    const primaryUrl = `${primaryServer}/${DATABASE}`;
    await step("migrate", async () => {
      await query(`${primaryServer}/postgres`, `CREATE DATABASE ${DATABASE}`);
      await applyMigrations(primaryUrl);
    });
    // What the docs/operations.md tells operators to run: -R writes primary_conninfo and
    // standby.signal, so the copy starts as a streaming standby of the primary.
    await step("pg_basebackup -R", () =>
      run(runner, "pg_basebackup", [
        "-h",
        "127.0.0.1",
        "-p",
        String(primaryPort),
        "-U",
        "postgres",
        "-D",
        replicaDir,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        "--no-sync",
      ]),
    );
    await step("start replica", async () => {
      await run(runner, "pg_ctl", ["-D", replicaDir, "-l", path.join(dir, "replica.log"), "-o", serverOptions(replicaPort), "-w", "-t", "60", "start"]);
      started.push(replicaDir);
    });
    const replicaUrl = `postgresql://postgres@127.0.0.1:${replicaPort}/${DATABASE}`;

    const waitForReplay = async (timeoutMs = 30_000) => {
      const [{ lsn } = { lsn: "0/0" }] = await query<{ lsn: string }>(primaryUrl, "SELECT pg_current_wal_insert_lsn()::text AS lsn");
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await query<{ caught_up: boolean }>(replicaUrl, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up", [lsn]);
        if (row?.caught_up) return;
        if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return {
      primaryUrl,
      replicaUrl,
      timings,
      async pauseReplay() {
        await query(replicaUrl, "SELECT pg_wal_replay_pause()");
        // Pausing is requested, then takes effect: wait until it has.
        for (let i = 0; i < 200; i++) {
          const [row] = await query<{ state: string }>(replicaUrl, "SELECT pg_get_wal_replay_pause_state() AS state");
          if (row?.state === "paused") return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error("the replica did not pause its replay");
      },
      async resumeReplay() {
        await query(replicaUrl, "SELECT pg_wal_replay_resume()");
      },
      waitForReplay,
      stop() {
        stopSync();
        process.removeListener("exit", stopSync);
        return Promise.resolve();
      },
    };
  } catch (error) {
    stopSync();
    process.removeListener("exit", stopSync);
    throw error;
  }
}
