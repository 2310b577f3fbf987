// npm run lighthouse [-- --presets mobile,desktop --schemes light,dark --pages account,busiest,search,audit-log --url http://host:port]
//
// Lighthouse on the pages an agent lives in, signed in as the demo agent: a demo account
// (demo-locked), the busiest demo account (most login attempts) and the search home; and
// the audit log as the demo lead (agents may not read it). Each page with Lighthouse's
// mobile preset (its default: a mid-range phone on a slow 4G, simulated) and its desktop
// preset, then accessibility and best practices again in the dark colour scheme (mobile).
// It builds if the code changed (scripts/build-if-stale.ts), starts the built console on
// a free port against a fresh embedded demo database in .data/lighthouse (as the e2e run
// does), signs in through Auth.js's credentials endpoint and hands the session cookie to
// Lighthouse as an extra header. The browser is the system Chromium (CHROMIUM_PATH,
// CHROME_PATH or /usr/bin/chromium): nothing is downloaded.
//
// It prints each page's performance, accessibility, best-practices and SEO scores, the
// performance metrics (FCP, LCP, TBT, CLS) and the titles of the audits that failed, and
// writes each report (JSON) to .data/lighthouse-reports/. Exit status 1 when a page
// scores below 100 in accessibility or best practices (or a run fails), 2 for bad
// arguments. Performance is printed, never failed on: it is a timing, and this machine
// is shared. The target (issue #13): performance ≥ 95 on mobile, 100 for the other two.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Config, type Result } from "lighthouse";
import pg from "pg";
import { embeddedDatabaseUrl } from "@/lib/db/runtime";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";
import { failWith, freePort, signInStaff } from "./bench-support";

const USAGE =
  "usage: npm run lighthouse [-- --presets mobile,desktop --schemes light,dark --pages account,busiest,search,audit-log] [--url http://host:port (a running console with the demo data) [--data-dir its embedded data folder]]";
const fail: (message: string) => never = failWith("lighthouse", USAGE);
const { values: args } = parseArgs({
  options: {
    presets: { type: "string" },
    schemes: { type: "string" },
    pages: { type: "string" },
    url: { type: "string" },
    "data-dir": { type: "string" },
  },
  strict: true,
});

const PRESETS = ["mobile", "desktop"] as const;
type Preset = (typeof PRESETS)[number];
const PAGES = ["account", "busiest", "search", "audit-log"] as const;
type PageName = (typeof PAGES)[number];
function pick<T extends string>(option: string | undefined, known: readonly T[], what: string): T[] {
  if (option === undefined) return [...known];
  return option.split(",").map((raw) => known.find((k) => k === raw.trim()) ?? fail(`unknown ${what} "${raw}" (known: ${known.join(", ")})`));
}
const presets = pick(args.presets, PRESETS, "preset");
const schemes = pick(args.schemes, ["light", "dark"] as const, "colour scheme");
const pages = pick(args.pages, PAGES, "page");

const chromePath =
  process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : fail("no Chromium: set CHROMIUM_PATH"));
const demoStaff = (role: "AGENT" | "LEAD") => DEMO_STAFF.find((s) => s.role === role) ?? fail(`no demo ${role.toLowerCase()}`);
/** Who opens each page: the agent, except the audit log, which is the leads'. */
const ROLE_OF: Record<PageName, "AGENT" | "LEAD"> = { account: "AGENT", busiest: "AGENT", search: "AGENT", "audit-log": "LEAD" };
const ROOT = path.resolve(import.meta.dirname, "..");
const DATA_DIR = path.resolve(args["data-dir"] ?? path.join(ROOT, ".data", "lighthouse"));
const REPORTS_DIR = path.join(ROOT, ".data", "lighthouse-reports");
/** The demo account every run opens: a temporary lockout, with findings, evidence and a timeline. */
const DEMO_ACCOUNT = "demo-locked";

// ------------------------------------------------------------------ the console

/**
 * The built console on a free port against a fresh embedded demo database, started as
 * `npm start` starts it (scripts/start.ts: migrations, demo seed, then the web server).
 */
async function startDemoConsole(): Promise<{ base: string; child: ChildProcess }> {
  const build = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "build-if-stale.ts")], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) fail("the build failed");
  rmSync(DATA_DIR, { recursive: true, force: true });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      "./scripts/ensure-prisma-client.ts",
      path.join(ROOT, "scripts", "start.ts"),
      "--port",
      String(port),
      "--data-dir",
      DATA_DIR,
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DATABASE_URL: "", HOST: "127.0.0.1", AUTH_SECRET: randomBytes(33).toString("base64"), NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  // fail() exits at once: the console must not outlive this script.
  process.once("exit", () => child.kill("SIGTERM"));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 360; i++) {
    if (child.exitCode !== null) fail("the console exited at start");
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  fail("the console did not answer /api/health within 180 s");
}

async function stopConsole(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** The account pages to open: demo-locked and the demo account with the most login attempts. */
async function accountIds(base: string, cookie: string, local: boolean): Promise<{ account: number; busiest: number | null }> {
  if (local) {
    const client = new pg.Client({ connectionString: embeddedDatabaseUrl(DATA_DIR) });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: number; demo: boolean }>(
        `(SELECT id, true AS demo FROM accounts WHERE username_lower = $1)
         UNION ALL
         (SELECT account_id AS id, false AS demo FROM login_attempts WHERE account_id IS NOT NULL
           GROUP BY account_id ORDER BY count(*) DESC LIMIT 1)`,
        [DEMO_ACCOUNT],
      );
      const account = rows.find((r) => r.demo)?.id ?? fail(`no ${DEMO_ACCOUNT} account in the demo data`);
      return { account, busiest: rows.find((r) => !r.demo)?.id ?? null };
    } finally {
      await client.end();
    }
  }
  // A console given by --url: its database may be out of reach, so find the demo account
  // the way an agent would (an exact username opens the customer).
  const response = await fetch(`${base}/?q=${DEMO_ACCOUNT}`, { headers: { cookie }, redirect: "manual" });
  const match = /\/accounts\/(\d+)/.exec(response.headers.get("location") ?? "");
  if (!match?.[1]) fail(`searching ${DEMO_ACCOUNT} on ${base} did not open an account: does it have the demo data?`);
  return { account: Number(match[1]), busiest: null };
}

// ------------------------------------------------------------------ measuring

/**
 * One Lighthouse configuration: a preset in the light colour scheme (every category), or
 * the mobile preset in the dark one (accessibility and best practices only: the palette
 * turns over in dark mode, so contrast is checked again; the timings are the same page's).
 */
interface Run {
  preset: Preset;
  scheme: "light" | "dark";
  label: string;
}

interface Outcome {
  page: PageName;
  label: string;
  path: string;
  scores: Record<"performance" | "accessibility" | "best-practices" | "seo", number | null>;
  metrics: { fcp: number; lcp: number; tbt: number; cls: number };
  /** Category → titles of its audits that did not pass. */
  failing: Record<string, string[]>;
  runtimeError: string | null;
}

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

/** Audits that did not pass: scored below 1 (informative and not-applicable ones aside). */
function failingAudits(lhr: Result, category: string): string[] {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  const titles: string[] = [];
  for (const ref of refs) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null || audit.score >= 1) continue;
    if (!["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode)) continue;
    // Performance's metrics are printed as figures; list its other audits only when they cost something.
    if (category === "performance" && (ref.group === "metrics" || audit.score >= 0.9)) continue;
    const value = audit.displayValue ? ` (${audit.displayValue})` : "";
    titles.push(`${audit.title}${value}`);
  }
  return titles;
}

async function measure(url: string, run: Run, cookie: string): Promise<Result> {
  const chrome = await chromeLauncher.launch({
    chromePath,
    // Its DevTools port, from BENCH_PORTS when set (scripts/bench-support.ts).
    ...(process.env.BENCH_PORTS ? { port: await freePort() } : {}),
    // A fresh profile per run; no first-run, sync or background traffic to skew the timings.
    // preferredColorScheme=0 is prefers-color-scheme: dark.
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-sync",
      ...(run.scheme === "dark" ? ["--blink-settings=preferredColorScheme=0"] : []),
    ],
  });
  try {
    const config: Config | undefined = run.preset === "desktop" ? desktopConfig : undefined;
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: run.scheme === "dark" ? ["accessibility", "best-practices"] : [...CATEGORIES],
        extraHeaders: { Cookie: cookie },
      },
      config,
    );
    if (!result) throw new Error("Lighthouse returned no result");
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

function outcomeOf(page: PageName, run: Run, pathname: string, lhr: Result): Outcome {
  const score = (id: string) => {
    const s = lhr.categories[id]?.score;
    return typeof s === "number" ? Math.round(s * 100) : null;
  };
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  return {
    page,
    label: run.label,
    path: pathname,
    scores: { performance: score("performance"), accessibility: score("accessibility"), "best-practices": score("best-practices"), seo: score("seo") },
    metrics: {
      fcp: numeric("first-contentful-paint"),
      lcp: numeric("largest-contentful-paint"),
      tbt: numeric("total-blocking-time"),
      cls: numeric("cumulative-layout-shift"),
    },
    failing: Object.fromEntries(CATEGORIES.map((c) => [c, failingAudits(lhr, c)])),
    runtimeError: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
  };
}

// ------------------------------------------------------------------ the run

const started = args.url ? null : await startDemoConsole();
const base = args.url?.replace(/\/+$/, "") ?? started?.base ?? fail("no console");
let exitCode = 0;
try {
  const signIn = async (role: "AGENT" | "LEAD") => {
    const staff = demoStaff(role);
    return await signInStaff(base, staff.email, staff.password).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  };
  const cookies = { AGENT: await signIn("AGENT"), LEAD: await signIn("LEAD") };
  const ids = await accountIds(base, cookies.AGENT, started !== null || args["data-dir"] !== undefined);
  const paths: Record<PageName, string | null> = {
    account: `/accounts/${ids.account}`,
    busiest: ids.busiest === null ? null : `/accounts/${ids.busiest}`,
    search: "/",
    "audit-log": "/audit/log",
  };
  mkdirSync(REPORTS_DIR, { recursive: true });
  const outcomes: Outcome[] = [];
  let version = "";
  const runs: Run[] = [
    ...presets.map((preset): Run => ({ preset, scheme: "light", label: preset })),
    ...(schemes.includes("dark") ? [{ preset: "mobile", scheme: "dark", label: "mobile-dark" } satisfies Run] : []),
  ];
  for (const run of runs) {
    for (const page of pages) {
      const pathname = paths[page];
      if (pathname === null) {
        console.log(`lighthouse: ${page}: no busiest account found, skipped`);
        continue;
      }
      process.stdout.write(`lighthouse: ${run.label} ${page} (${pathname})… `);
      try {
        // A trace that Chromium failed to record (NO_NAVSTART, seen now and then on a busy
        // machine) leaves categories without a score: measure again, twice at most.
        let lhr = await measure(`${base}${pathname}`, run, cookies[ROLE_OF[page]]);
        const untraced = (r: Result) =>
          (r.runtimeError === undefined || r.runtimeError.code === "NO_NAVSTART") && Object.values(r.categories).some((c) => c.score === null);
        for (let retry = 0; retry < 2 && untraced(lhr); retry++) {
          process.stdout.write("(no trace, again) ");
          lhr = await measure(`${base}${pathname}`, run, cookies[ROLE_OF[page]]);
        }
        version = lhr.lighthouseVersion;
        writeFileSync(path.join(REPORTS_DIR, `${page}-${run.label}.json`), JSON.stringify(lhr));
        const outcome = outcomeOf(page, run, pathname, lhr);
        outcomes.push(outcome);
        console.log(outcome.runtimeError ?? "done");
      } catch (error) {
        console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
        exitCode = 1;
      }
    }
  }

  const n = (v: number | null) => (v === null ? "-" : String(v)).padStart(5);
  const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : "-").padStart(6);
  console.log(`\nLighthouse ${version} on ${base} as the demo agent (the audit log as the demo lead); reports in ${path.relative(ROOT, REPORTS_DIR)}/`);
  console.log("preset      page        path             |  perf  a11y    bp   seo |  FCP ms  LCP ms  TBT ms    CLS");
  for (const o of outcomes) {
    console.log(
      `${o.label.padEnd(12)}${o.page.padEnd(11)} ${o.path.padEnd(16)} | ${n(o.scores.performance)} ${n(o.scores.accessibility)} ${n(o.scores["best-practices"])} ${n(o.scores.seo)} |` +
        `  ${ms(o.metrics.fcp)}  ${ms(o.metrics.lcp)}  ${ms(o.metrics.tbt)} ${Number.isFinite(o.metrics.cls) ? o.metrics.cls.toFixed(3).padStart(6) : "     -"}`,
    );
  }
  for (const o of outcomes) {
    const lines = Object.entries(o.failing).flatMap(([category, titles]) => titles.map((t) => `    ${category}: ${t}`));
    if (lines.length) console.log(`\n  ${o.label} ${o.page} (${o.path}), not passing:\n${lines.join("\n")}`);
  }
  const below = outcomes.filter((o) => o.runtimeError !== null || o.scores.accessibility !== 100 || o.scores["best-practices"] !== 100);
  const slow = outcomes.filter((o) => o.label === "mobile" && o.page === "account" && (o.scores.performance ?? 0) < 95);
  if (slow.length)
    console.log(
      `\nnote: the account page's mobile performance is ${n(slow[0]?.scores.performance ?? null).trim()}, under the 95 targeted (a timing: not failed on)`,
    );
  if (below.length) {
    console.log(`\nFAIL: accessibility or best practices below 100 on ${below.map((o) => `${o.label} ${o.page}`).join(", ")}`);
    exitCode = 1;
  } else if (outcomes.length) {
    console.log("\nOK: accessibility and best practices are 100 on every page measured");
  }
} finally {
  if (started) await stopConsole(started.child);
}
process.exit(exitCode);
