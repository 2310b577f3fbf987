// OpenTelemetry tracing for the web server (instrumentation.ts) and the worker
// (scripts/worker.ts): off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_TRACES_EXPORTER=console)
// says where spans go. Then Next's request spans, Prisma's statement spans
// (prisma:client:db_query, with the SQL and never its parameters) and the console's own
// spans (lib/telemetry/span.ts) are exported, batched, over OTLP/HTTP.
//
// lib/config.ts validates the variables that decide whether and where; the SDK itself
// also reads the rest of the standard OTEL_* set (OTEL_EXPORTER_OTLP_TIMEOUT,
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_TRACES_SAMPLER, ...), which is why they are
// not repeated in the schema: see docs/operations.md#tracing.
import type { Config } from "@/lib/config";

export interface Tracing {
  /** Exports what is still buffered, then stops: call on shutdown. */
  shutdown(): Promise<void>;
}

/** Where spans go, or null when tracing is off. */
export function tracingTarget(c: Config): { exporter: "otlp" | "console"; url?: string } | null {
  const exporter = c.OTEL_TRACES_EXPORTER ?? (c.OTEL_EXPORTER_OTLP_ENDPOINT ? "otlp" : "none");
  if (exporter === "none") return null;
  if (exporter === "console") return { exporter };
  if (!c.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  // The base endpoint, as the OTLP spec defines it: traces go to <endpoint>/v1/traces.
  return { exporter, url: `${c.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces` };
}

/** "k1=v1,k2=v2" (values URL-encoded), as the spec writes OTEL_EXPORTER_OTLP_HEADERS. */
export function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

const GLOBAL_KEY = Symbol.for("access-console.tracing");

/**
 * Starts tracing for this process once (a second call returns the first's handle), or
 * returns null when the configuration leaves it off: then nothing is loaded, and the
 * spans the console opens are the API's no-ops.
 */
export async function startTracing(c: Config, processName: "web" | "worker"): Promise<Tracing | null> {
  const target = tracingTarget(c);
  if (!target) return null;
  const holder = globalThis as { [GLOBAL_KEY]?: Tracing };
  const started = holder[GLOBAL_KEY];
  if (started) return started;
  const [{ NodeTracerProvider }, { BatchSpanProcessor, ConsoleSpanExporter }, { resourceFromAttributes }, { PrismaInstrumentation }] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/resources"),
    import("@prisma/instrumentation"),
  ]);
  const exporter =
    target.exporter === "console"
      ? new ConsoleSpanExporter()
      : c.OTEL_EXPORTER_OTLP_PROTOCOL === "http/json"
        ? new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter({
            url: target.url,
            headers: parseOtlpHeaders(c.OTEL_EXPORTER_OTLP_HEADERS),
          })
        : new (await import("@opentelemetry/exporter-trace-otlp-proto")).OTLPTraceExporter({
            url: target.url,
            headers: parseOtlpHeaders(c.OTEL_EXPORTER_OTLP_HEADERS),
          });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": c.OTEL_SERVICE_NAME, "console.process": processName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The AsyncLocalStorage context manager and the W3C propagator: spans nest across awaits.
  provider.register();
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  const tracing: Tracing = {
    shutdown: async () => {
      prisma.disable();
      await provider.shutdown();
    },
  };
  holder[GLOBAL_KEY] = tracing;
  return tracing;
}

/**
 * Exports what this process's tracing still buffers and stops it, for a process that did
 * not start it itself: the web server's tracing is started by Next (instrumentation.ts,
 * in Next's own copy of this module), so scripts/serve.ts finds it by the global key.
 * Without this, the spans of the last seconds before a shutdown (the batch processor's
 * delay, 5 s by default) were lost: exactly the requests of a drain. Gives up after
 * `timeoutMs` so a collector that does not answer cannot hold the exit.
 */
export async function shutdownTracing(timeoutMs = 3_000): Promise<void> {
  const started = (globalThis as { [GLOBAL_KEY]?: Tracing })[GLOBAL_KEY];
  if (!started) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    started.shutdown().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
