// What `npm start` / `npm run dev` will do, decided from the command line and the
// environment before anything starts, so that a refusal costs nothing and the rules can
// be tested without starting a server. The environment is read through lib/config.ts
// like everywhere else (one parse, one message naming every bad variable); only the
// command line is parsed here.
import { isIP } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeProblems, parseConfig } from "@/lib/config";

export interface LaunchConfig {
  dev: boolean;
  port: number;
  /** The address the web server binds; undefined = every interface. */
  host: string | undefined;
  dataDir: string;
  seed: boolean;
  /** Run the platform simulator against this console (embedded demo only), at this many events/s. */
  simulateRate: number | null;
  /** No DATABASE_URL: the embedded demo database in dataDir. */
  embedded: boolean;
  /** DATABASE_READ_URL is set: lag-tolerant reads go to that replica (checked at start by lib/db/read-replica.ts). */
  readReplica: boolean;
  warnings: string[];
}

export type LaunchConfigResult = { ok: true; config: LaunchConfig } | { ok: false; message: string };

type Env = Partial<Record<string, string>>;

export function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/**
 * The launch for a command line and an environment. `cwd` is where a relative data folder
 * (`--data-dir`, CONSOLE_DATA_DIR, default `.data`) lives: npm runs scripts in the
 * project's root.
 */
export function resolveLaunchConfig(argv: readonly string[], env: Env, cwd: string): LaunchConfigResult {
  const parsed = parseConfig(env);
  if (!parsed.ok) return { ok: false, message: describeProblems(parsed.problems) };
  const settings = parsed.config;
  let args;
  try {
    ({ values: args } = parseArgs({
      args: [...argv],
      options: {
        dev: { type: "boolean", default: false },
        port: { type: "string" },
        "data-dir": { type: "string" },
        "no-seed": { type: "boolean", default: false },
        simulate: { type: "boolean", default: false },
        "simulate-rate": { type: "string" },
      },
    }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const rawPort = args.port ?? String(settings.PORT);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port <= 0 || port > 65535) return { ok: false, message: `invalid port: ${rawPort}` };

  const embedded = settings.DATABASE_URL === undefined;
  if (embedded && settings.NODE_ENV === "production") {
    return {
      ok: false,
      message:
        "NODE_ENV=production without DATABASE_URL: the embedded database is a local demo whose staff passwords are published " +
        "in the README, and it does not run in production. Set DATABASE_URL (and AUTH_SECRET) to use a PostgreSQL server.",
    };
  }
  // Its shape, and that it comes with DATABASE_URL, lib/config.ts checked; whether it is
  // a replica of DATABASE_URL is checked at start by connecting (lib/db/read-replica.ts).
  const readReplica = settings.DATABASE_READ_URL !== undefined;
  let simulateRate: number | null = null;
  if (args.simulate || args["simulate-rate"] !== undefined) {
    // The simulator invents customers: never against a real deployment's database.
    if (!embedded)
      return { ok: false, message: "--simulate runs only on the embedded demo database; against a server use `npm run simulate -- --url … --token …`." };
    const rawRate = args["simulate-rate"] ?? "20";
    simulateRate = Number(rawRate);
    if (!/^\d+$/.test(rawRate) || simulateRate < 1 || simulateRate > 5000)
      return { ok: false, message: `--simulate-rate must be 1 to 5000 events/s, got ${rawRate}` };
  }
  // The demo's staff passwords are public: by default only this machine reaches an
  // embedded console. A deployment (DATABASE_URL) listens everywhere unless HOST says.
  const host = settings.HOST ?? (embedded ? "127.0.0.1" : undefined);
  const warnings: string[] = [];
  if (embedded && host !== undefined && !isLoopbackHost(host)) {
    warnings.push(`HOST=${host}: the embedded demo console is reachable from other machines, and its demo staff passwords are public.`);
  }
  return {
    ok: true,
    config: {
      dev: args.dev,
      port,
      host,
      dataDir: path.resolve(cwd, args["data-dir"] ?? settings.CONSOLE_DATA_DIR),
      seed: !args["no-seed"],
      simulateRate,
      embedded,
      readReplica,
      warnings,
    },
  };
}

/**
 * Node flags for the web server process (`npm start` and the benchmarks alike). A page
 * render allocates a few MB of short-lived objects (the RSC payload and the HTML built
 * from it); with V8's default 16 MB young generation, scavenges were about a sixth of the
 * server's CPU under load. 64 MB semi-spaces cost ~100 MB of memory more and measured 17%
 * less CPU per account page and 20% more pages per second (bench:load, issue 14). A flag
 * of the same name in NODE_OPTIONS wins (Node reads the command line first).
 */
export function webServerNodeFlags(env: Env): string[] {
  return /--max-semi-space-size/.test(env.NODE_OPTIONS ?? "") ? [] : ["--max-semi-space-size=64"];
}
