// The console's own spans (ingest batches, outbox sends, redemptions, and the request
// span scripts/serve.ts opens): no-ops until lib/telemetry/tracing.ts registers a
// provider, so callers need not know whether tracing is on.
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

const tracer = trace.getTracer("access-console");

/**
 * Runs `work` inside a new active span (a child of whatever span is active), ending it when
 * the work settles and marking it failed when it throws. Attributes must never carry a
 * secret or a customer's personal data: ids and counts only.
 */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span's trace id, or undefined outside a sampled span (tracing off). */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}

export { SpanKind };
