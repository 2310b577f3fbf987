// The console's web server: Next.js through its custom-server API, behind Node's http
// server so that every request carries the TCP peer's address in a header the console
// owns (lib/http/console-server.ts). The launcher (scripts/start.ts) runs this as a child
// process with NODE_ENV, DATABASE_URL and AUTH_SECRET set; the embedded database stays in
// the launcher's process.
//   --port <n>   --host <address> (omitted: every interface)   --dev (next dev)
// Beside it, on METRICS_HOST:METRICS_PORT (127.0.0.1:9464), the metrics listener
// (lib/metrics). On SIGTERM it drains: unready, Watch live streams ended with a retry
// hint, requests in flight finished within SHUTDOWN_GRACE_MS, then exit
// (docs/operations.md#shutdown).
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { configOrExit } from "@/lib/config";
import { PEER_STAMPED_ENV } from "@/lib/http/client-address";
import { createConsoleServer } from "@/lib/http/console-server";
import { isDraining, startDraining } from "@/lib/http/lifecycle";
import { recordBuildInfo } from "@/lib/metrics/build-info";
import { startWebGauges } from "@/lib/metrics/database-gauges";
import { observeRequests } from "@/lib/metrics/http";
import { startMetricsListener } from "@/lib/metrics/listener";
import { routeMatcherForBuild } from "@/lib/metrics/routes";
import { shutdownTracing } from "@/lib/telemetry/tracing";

const ROOT = path.resolve(import.meta.dirname, "..");

const { values: args } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", default: "3000" },
    host: { type: "string" },
  },
});
const port = Number(args.port);
const host = args.host;
process.title = "console-web";
// Every request this process serves went through createConsoleServer, which stamps the
// peer header: only here may the console read it (see client-address.ts).
process.env[PEER_STAMPED_ENV] = "1";

// The handler exists once Next is prepared; the server listens only after that.
const nextApp: { handle?: ReturnType<ReturnType<typeof next>["getRequestHandler"]> } = {};
const settings = configOrExit("console");
recordBuildInfo(ROOT, "web");
// Route templates from the build's manifest; under next dev there is none ("other").
const requests = observeRequests(args.dev ? () => "other" : routeMatcherForBuild(ROOT));
const server = createConsoleServer(
  requests.wrap(async (request, response) => {
    if (!nextApp.handle) throw new Error("request before Next was ready");
    await nextApp.handle(request, response);
  }),
  (error, request) => console.error(`[console] failed to handle ${request.method ?? "?"} ${request.url ?? "?"}`, error),
);
const app = next({ dev: args.dev, dir: ROOT, port, hostname: host ?? "localhost", httpServer: server });

const metricsListener = await startMetricsListener({ host: settings.METRICS_HOST, port: settings.METRICS_PORT }).catch((error: unknown) => {
  console.error(`[console] the metrics listener cannot listen on ${settings.METRICS_HOST}:${settings.METRICS_PORT} (METRICS_PORT to change)`, error);
  process.exit(1);
});
console.log(`[console] metrics on ${metricsListener.url}/metrics`);
const stopGauges = settings.DATABASE_URL
  ? startWebGauges({
      databaseUrl: settings.DATABASE_URL,
      readUrl: settings.CONSOLE_DATABASE_MODE === "server" ? settings.DATABASE_READ_URL : undefined,
      draining: isDraining,
      root: ROOT,
    })
  : () => Promise.resolve();

let closing = false;
async function close(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await stopGauges().catch(() => undefined);
  await metricsListener.close();
  await app.close().catch((error: unknown) => console.error("[console] closing Next failed", error));
  // The spans of the last requests (a drain's) are still in the batch: export them.
  await shutdownTracing();
  process.exit(code);
}

/**
 * SIGTERM: readiness turns 503 and new connections are refused, Watch live streams end
 * with a retry hint (the browser resumes on another instance), requests in flight get up
 * to SHUTDOWN_GRACE_MS to finish; then whatever is left is cut and the process exits.
 */
async function drain(): Promise<void> {
  if (closing || isDraining()) return;
  const streams = startDraining();
  server.close();
  server.closeIdleConnections();
  console.log(`[console] draining: ${requests.inFlight()} request(s) in flight, ${streams} Watch live stream(s) ended`);
  const deadline = Date.now() + settings.SHUTDOWN_GRACE_MS;
  while (requests.inFlight() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A keep-alive connection whose request just finished would otherwise hold the close.
    server.closeIdleConnections();
  }
  if (requests.inFlight() > 0) console.warn(`[console] ${requests.inFlight()} request(s) still running after SHUTDOWN_GRACE_MS: closing them`);
  await close(0);
}
process.on("SIGTERM", () => void drain());
if (process.connected) {
  // Under the launcher: Ctrl-C reaches the whole process group, and the launcher stops
  // this server (SIGTERM) before it closes the database, so SIGINT is its to handle.
  process.on("SIGINT", () => undefined);
  // The launcher is gone (killed): no database behind us any more.
  process.on("disconnect", () => void close(1));
} else {
  process.on("SIGINT", () => void close(0));
}

await app.prepare();
nextApp.handle = app.getRequestHandler();
server.on("error", (error) => {
  console.error("[console] the web server failed", error);
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const bound =
    typeof address === "object" && address ? `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  console.log(`[console] web server listening on ${bound}${args.dev ? " (next dev)" : ""}`);
});
