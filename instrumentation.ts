// Runs once when the Next server starts, however it was started (`npm start` or a bare
// `next start`): the place to say what the console cannot do in this configuration, and
// to start tracing before the first request (lib/telemetry/tracing.ts; off unless
// OTEL_EXPORTER_OTLP_ENDPOINT is set).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own marker of the runtime, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { clientAddressWarning } = await import("@/lib/http/client-address");
  const { log } = await import("@/lib/log");
  const { config } = await import("@/lib/config");
  const { startTracing } = await import("@/lib/telemetry/tracing");
  const warning = clientAddressWarning();
  if (warning) log.warn(warning);
  const tracing = await startTracing(config(), "web");
  if (tracing) log.info("tracing: spans are exported", { service: config().OTEL_SERVICE_NAME, protocol: config().OTEL_EXPORTER_OTLP_PROTOCOL });
}
