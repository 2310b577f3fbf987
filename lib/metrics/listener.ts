// The metrics listener: a small HTTP server apart from the console's public one, serving
// GET /metrics (Prometheus' text format) and, for the worker, its health. Bound to
// 127.0.0.1 unless METRICS_HOST says otherwise, so a deployment exposes it only where it
// chooses (never behind the staff session: Prometheus has no staff account).
//
// Not server-only: the worker and the launcher run this in plain Node.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthAnswer } from "@/lib/health/readiness";
import { exposition } from "./metrics";

export interface MetricsListenerOptions {
  port: number;
  host: string;
  /** Extra GET paths answered as JSON (the worker's /live and /ready). */
  health?: Record<string, () => Promise<HealthAnswer> | HealthAnswer>;
}

export interface MetricsListener {
  server: Server;
  /** "http://127.0.0.1:9464" */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0];
    const reply = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(request.method === "HEAD" ? undefined : body);
    };
    if (request.method !== "GET" && request.method !== "HEAD") return reply(405, "text/plain", "GET only\n");
    const health = pathname ? options.health?.[pathname] : undefined;
    if (pathname === "/metrics") {
      exposition().then(
        (text) => reply(200, text.contentType, text.body),
        () => reply(500, "text/plain", "metrics failed\n"),
      );
    } else if (health) {
      Promise.resolve()
        .then(health)
        .then(
          (answer) => reply(answer.ok ? 200 : 503, "application/json", JSON.stringify(answer.body)),
          () => reply(503, "application/json", JSON.stringify({ status: "error" })),
        );
    } else {
      reply(404, "text/plain", "not found: GET /metrics\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
