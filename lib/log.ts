// Server-side logging: one JSON line per event, so a log shipper can parse it. Never
// log secrets or tokens, and name staff by id, never by email; error detail stays here
// and never reaches the browser. A line logged while serving a request carries that
// request's id (set by our own server, never a client's) and, with tracing on, its trace id.
import { currentRequestContext } from "@/lib/http/request-context";
import { activeTraceId } from "@/lib/telemetry/span";

type Level = "info" | "warn" | "error";

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const requestId = currentRequestContext()?.requestId;
  const traceId = activeTraceId();
  const ids = { ...(requestId ? { requestId } : {}), ...(traceId ? { traceId } : {}) };
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields, ...ids }, (_key, value: unknown) => {
    if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
    if (typeof value === "bigint") return value.toString();
    return value;
  });
  (level === "error" ? console.error : console.log)(line);
}

export const log = {
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
