// Small pieces every benchmark script shares: argument errors, positive-integer
// options, percentiles, and starting the built console to measure through HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { freePort } from "@/lib/testing/free-port";
import { webServerNodeFlags } from "./launch-config";

export { freePort };

/**
 * A `fail` that prints the script's name and usage, then exits with status 2. Give the
 * const holding it the type `(message: string) => never`, or TypeScript does not narrow
 * after a call.
 */
export function failWith(script: string, usage: string): (message: string) => never {
  return (message: string): never => {
    console.error(`${script}: ${message}\n${usage}`);
    process.exit(2);
  };
}

/** A positive integer option (1_000 and 1,000 accepted as typed), or the fallback. */
export function positiveOption(fail: (message: string) => never, name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) fail(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** The p-th percentile of an ascending list (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export interface RunningConsole {
  base: string;
  /** The server this bench started (null when it was given --url). */
  child: ChildProcess | null;
}

/**
 * The console to measure: `url` as given, or the built console (`npm run build` first)
 * started on a free port against DATABASE_URL exactly as `npm start` serves it
 * (scripts/serve.ts, NODE_ENV=production), with a throwaway AUTH_SECRET.
 */
export async function startConsole(fail: (message: string) => never, url: string | undefined): Promise<RunningConsole> {
  if (url) return { base: url.replace(/\/+$/, ""), child: null };
  const root = path.resolve(import.meta.dirname, "..");
  const port = await freePort();
  // The same Node flags as `npm start` gives its web server.
  const child = spawn(
    process.execPath,
    [...webServerNodeFlags(process.env), "--import", "tsx", path.join(root, "scripts", "serve.ts"), "--port", String(port), "--host", "127.0.0.1"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        AUTH_SECRET: randomBytes(33).toString("base64"),
        AUTH_TRUST_HOST: "true",
        NEXT_TELEMETRY_DISABLED: "1",
        // As the launcher says it for DATABASE_URL (lib/db/client.ts).
        CONSOLE_DATABASE_MODE: "server",
        // Never a running console's metrics port.
        METRICS_PORT: "0",
      },
    },
  );
  // fail() exits at once: the server must not outlive the bench (it holds the output pipe).
  process.once("exit", () => child.kill("SIGTERM"));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) fail("the console exited at start: run `npm run build` first");
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGTERM");
  fail("the console did not answer /api/health within 60 s");
}

/** The cookies a response sets, the last value of each name winning (as a browser keeps them). */
function cookiesOf(response: Response): string[] {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()];
}

/**
 * Signs in through Auth.js's credentials endpoint, as the sign-in form does, and returns
 * the Cookie header of the session (throws with the reason when it fails).
 */
export async function signInStaff(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("no CSRF token from /api/auth/csrf");
  const jar = cookiesOf(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
  });
  const session = cookiesOf(response).find((c) => c.startsWith("authjs.session-token=") && c.length > "authjs.session-token=".length);
  if (response.status !== 302 || !session || (response.headers.get("location") ?? "").includes("error=")) {
    throw new Error(`signing in as ${email} failed (${response.status} ${response.headers.get("location") ?? ""}): does the database have the demo staff?`);
  }
  const home = await fetch(`${base}/`, { headers: { cookie: session } });
  if (!(await home.text()).includes('data-testid="signed-in-as"')) throw new Error("signed in, but / does not show the console");
  return session;
}

/**
 * A benchmark's command line: its options, `--help` printing the usage, a refused option
 * or a missing DATABASE_URL exiting with status 2 and the usage. Every bench script reads
 * its arguments this way, so they all answer the same to a typo.
 */
export function benchCommandLine<const O extends ParseArgsOptionsConfig>(
  script: string,
  usage: string,
  options: O,
): { args: ParsedValues<O>; fail: (message: string) => never; positive: (name: keyof O & string, fallback: number) => number; databaseUrl: string } {
  const fail = failWith(script, usage);
  let args: ParsedValues<O>;
  try {
    args = parseArgs({ options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if ((args as Record<string, unknown>).help === true) {
    console.log(usage);
    process.exit(0);
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) return fail("DATABASE_URL is not set: point it at a scale-seeded PostgreSQL database");
  const positive = (name: keyof O & string, fallback: number): number => {
    const value = (args as Record<string, unknown>)[name];
    return positiveOption(fail, name, typeof value === "string" ? value : undefined, fallback);
  };
  return { args, fail, positive, databaseUrl };
}

type ParsedValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>["values"];
