// A private PgBouncer in transaction pooling mode in front of a PostgreSQL server, for
// `npm run test:pgbouncer` and `npm run bench:scale-out`: Debian's pgbouncer started as a
// child process on a free loopback port with a generated ini in a temporary folder,
// stopped (and the folder removed) by stop() or when this process exits.
//
// The ini is the one docs/operations.md ("Connection pooler") recommends, with what a
// test needs on top: a wildcard database entry (every test file makes its own database),
// and trust towards the clients with auth_user looking up roles the tests create on the
// fly (a deployment authenticates with scram-sha-256 instead; pooling is the same).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

const CANDIDATES = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"];

export interface PgBouncerBinary {
  path: string;
  version: [number, number];
}

/** Debian's pgbouncer and its version, or why it cannot run here (said in a skipped test's name). */
export function findPgBouncer(): { ok: true; binary: PgBouncerBinary } | { ok: false; missing: string } {
  const file = process.env.PGBOUNCER_BIN ?? CANDIDATES.find((candidate) => existsSync(candidate));
  if (!file) return { ok: false, missing: "pgbouncer is not installed (apt-get install pgbouncer, or set PGBOUNCER_BIN)" };
  const result = spawnSync(file, ["--version"], { encoding: "utf8" });
  const match = /PgBouncer (\d+)\.(\d+)/.exec(result.stdout ?? "");
  if (result.status !== 0 || !match) return { ok: false, missing: `${file} --version did not say its version` };
  return { ok: true, binary: { path: file, version: [Number(match[1]), Number(match[2])] } };
}

/**
 * PgBouncer 1.21 keeps protocol-level named prepared statements working in transaction
 * mode (max_prepared_statements); older ones hand a client's next transaction to a
 * server connection that never saw the statement. Debian 12 ships 1.18.
 */
export function supportsPreparedStatements(binary: PgBouncerBinary): boolean {
  const [major, minor] = binary.version;
  return major > 1 || (major === 1 && minor >= 21);
}

export interface PgBouncer {
  /** Where clients connect: the server's URL with the pooler's host and port. */
  url(serverUrl: string): string;
  port: number;
  /** Whether the app may use named prepared statements through this pooler. */
  preparedStatements: boolean;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Server connections per database and user pair (the pool PostgreSQL sees). */
  poolSize?: number;
  maxClients?: number;
}

function iniFor(server: URL, port: number, dir: string, binary: PgBouncerBinary, options: PgBouncerOptions): string {
  const prepared = supportsPreparedStatements(binary);
  return [
    "[databases]",
    `* = host=${server.hostname} port=${server.port || "5432"}`,
    "",
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "users.txt")}`,
    `auth_user = ${decodeURIComponent(server.username) || "postgres"}`,
    "pool_mode = transaction",
    `default_pool_size = ${options.poolSize ?? 20}`,
    `max_client_conn = ${options.maxClients ?? 1000}`,
    // Transaction pooling cannot carry session state from one transaction to the next;
    // the console sets none (docs/operations.md), so nothing to reset between clients.
    "server_reset_query =",
    // node-postgres sends none of these, but a psql or a driver that does is not refused.
    "ignore_startup_parameters = extra_float_digits,options",
    ...(prepared ? ["max_prepared_statements = 200"] : []),
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
}

/** Starts PgBouncer in front of the server of `serverUrl` (a loopback PostgreSQL). */
export async function startPgBouncer(binary: PgBouncerBinary, serverUrl: string, options: PgBouncerOptions = {}): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username) || "postgres";
  const dir = mkdtempSync(path.join(tmpdir(), "console-pgbouncer-"));
  // PgBouncer refuses to run as root: it then switches to the postgres OS user (-u),
  // which must read the folder.
  const asRoot = userInfo().uid === 0;
  if (asRoot) chmodSync(dir, 0o755);
  const port = await freePort();
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`, { mode: 0o644 });
  const ini = path.join(dir, "pgbouncer.ini");
  writeFileSync(ini, iniFor(server, port, dir, binary, options), { mode: 0o644 });

  let output = "";
  const child: ChildProcess = spawn(binary.path, [...(asRoot ? ["-u", "postgres"] : []), ini], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);

  const url = (target: string) => {
    const through = new URL(target);
    through.hostname = "127.0.0.1";
    through.port = String(port);
    return through.toString();
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) {
      stopSync();
      throw new Error(`pgbouncer exited at start (${child.exitCode}): ${output.trim()}`);
    }
    const client = new pg.Client({ connectionString: url(serverUrl) });
    const ready = await client.connect().then(
      () => client.query("SELECT 1").then(() => true),
      () => false,
    );
    await client.end().catch(() => undefined);
    if (ready) break;
    if (attempt >= 100) {
      stopSync();
      throw new Error(`pgbouncer did not accept connections within 10 s: ${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port,
    preparedStatements: supportsPreparedStatements(binary),
    async stop() {
      if (stopped) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      stopSync();
      process.removeListener("exit", stopSync);
      await exited;
    },
  };
}
