// The built web server (scripts/serve.ts) with tracing on, and a batch delay longer than
// the test: its spans reach the collector only because SIGTERM flushes them. Before the
// flush, a drain lost the spans of its last requests (the batch processor's 5 s by
// default), the very requests an engineer looks for after a bad deploy. Skips, saying
// why, without a current build.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { buildIsCurrent } from "./build-fingerprint";
import { freePort } from "./bench-support";

const ROOT = path.resolve(import.meta.dirname, "..");
const skip = buildIsCurrent(ROOT) ? null : "no current build (npm run build)";
if (skip) console.warn(`scripts/tracing-shutdown.int.test.ts skipped: ${skip}`);

let t: TestDatabase;
let collector: Server;
let web: ChildProcess | undefined;
const spanNames: string[] = [];

/** Span names in one OTLP/HTTP JSON export. */
function names(body: unknown): string[] {
  const resourceSpans = (body as { resourceSpans?: { scopeSpans?: { spans?: { name?: string }[] }[] }[] }).resourceSpans ?? [];
  return resourceSpans.flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => (s.spans ?? []).map((span) => span.name ?? "")));
}

beforeAll(async () => {
  if (skip) return;
  t = await createTestDatabase();
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") spanNames.push(...names(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown));
      response.setHeader("content-type", "application/json");
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
}, 120_000);

afterAll(async () => {
  web?.kill("SIGKILL");
  collector?.close();
  await t?.drop();
});

describe.skipIf(skip !== null)("the web server's shutdown with tracing on", () => {
  it("exports the spans still in the batch before it exits", async () => {
    const port = await freePort();
    const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "serve.ts"), "--port", String(port), "--host", "127.0.0.1"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: t.url,
        // Named prepared statements only on a real server: the embedded socket server shares one
        // PGlite between connections, so a second connection preparing the account page failed.
        CONSOLE_DATABASE_MODE: t.kind === "embedded" ? "embedded" : "server",
        AUTH_SECRET: "tracing-shutdown-test-auth-secret-0123456789",
        AUTH_TRUST_HOST: "true",
        NEXT_TELEMETRY_DISABLED: "1",
        METRICS_PORT: "0",
        OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        // Longer than this test: nothing is exported on the batch's own schedule.
        OTEL_BSP_SCHEDULE_DELAY: "600000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    web = child;
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 240_000;
    for (;;) {
      const ready = await fetch(`${base}/api/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the console did not get ready:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect((await fetch(`${base}/sign-in`)).status).toBe(200);
    expect(spanNames, "nothing exported before the shutdown (the batch delay is 10 minutes)").toEqual([]);

    child.kill("SIGTERM");
    expect(await exited, output.slice(-2000)).toBe(0);
    // The readiness probe's statements and Next's spans for the page, flushed at exit.
    expect(spanNames.length).toBeGreaterThan(0);
    expect(spanNames.some((name) => name.startsWith("prisma:"))).toBe(true);
  }, 300_000);
});
