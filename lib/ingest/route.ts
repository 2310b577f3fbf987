import "server-only";
// `POST /api/ingest/v1/events` through the platform door (lib/http/platform-route.ts). In
// order: 401 (token), 415 (content type: the three structured/batch types, or binary mode
// with ce-* headers), 413 (the body over 1 MiB, read with a byte limit so it is never
// buffered whole, or over 1,000 events), 400 (not JSON, or nested deeper than any event),
// 403 (a type this source may not send: the whole request, so a misconfigured sender
// notices at once), 429 (rate, counted in PostgreSQL so every instance shares it), then
// per-event results with 200. Whatever is wrong with one event (over 32 KiB, an NDJSON line
// that is not JSON, a value the database refuses) is that event's rejection, never the
// request's: the sender cannot fix a batch by retrying it. 503 means the database is away.
import type { Db } from "@/lib/db/prisma";
import { ApiError, definePlatformRoute, type PlatformHandler } from "@/lib/http/platform-route";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/metrics";
import { sourceTokenAuthenticator } from "@/lib/platform/sources/authenticate";
import { isEventType } from "./catalogue";
import { isDatabaseUnavailable } from "./db-errors";
import { peekType } from "./envelope";
import { binaryEvent, INGEST_CONTENT_TYPES, INGEST_LIMITS, modeOf, resultJson, splitEvents, takeRate } from "./http";
import { ingestBatch, type EventResult } from "./ingest-batch";
import { ingestTimeRules, type TimeRules } from "./time-rules";

const unsupported = () =>
  new ApiError(
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    `send Content-Type: one of ${INGEST_CONTENT_TYPES.join(", ")}, or one event in binary mode (ce-specversion and the other ce- headers)`,
    { accept: INGEST_CONTENT_TYPES.join(", ") },
  );

/** The route; `timeRules` for tests that move the clock's rules (the app takes the configured ones). */
export function ingestRoute(timeRules?: TimeRules): PlatformHandler {
  return definePlatformRoute({
    where: "POST /api/ingest/v1/events",
    authenticator: sourceTokenAuthenticator("ingest"),
    scope: "ingest",
    before: ({ request }) => {
      if (!modeOf(request)) throw unsupported();
    },
    body: {
      kind: "bytes",
      maxBytes: INGEST_LIMITS.maxBodyBytes,
      tooLarge: `the body is larger than ${INGEST_LIMITS.maxBodyBytes / 1024 / 1024} MiB: send smaller batches`,
    },
    handle: async ({ db, request, principal: source, now, body }) => {
      const mode = modeOf(request);
      if (!mode) throw unsupported();
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(body);
      } catch {
        throw new ApiError(400, "INVALID_REQUEST", "the body is not valid UTF-8");
      }
      const split = mode.kind === "binary" ? binaryEvent(request.headers, mode, text) : splitEvents(mode.kind, text);
      if (!split.ok) throw new ApiError(split.status, split.status === 413 ? "BODY_TOO_LARGE" : "INVALID_REQUEST", split.message);
      const { events, lines } = split;

      if (source.allowedTypes.length) {
        const refused = [...new Set(events.map(peekType).filter((t): t is string => t !== null && isEventType(t) && !source.allowedTypes.includes(t)))];
        if (refused.length) {
          throw new ApiError(
            403,
            "TYPE_NOT_ALLOWED",
            `this source may not send ${refused.map((t) => `"${t}"`).join(", ")} (allowed: ${source.allowedTypes.join(", ")})`,
          );
        }
      }
      if (events.length && !(await takeRate(db, source.id, events.length))) {
        throw new ApiError(429, "RATE_LIMITED", "this source is over its events-per-second limit: retry after the delay", { "retry-after": "1" });
      }

      let results: EventResult[];
      const started = performance.now();
      try {
        results = await ingestBatch(db, source, events, { now, timeRules: timeRules ?? ingestTimeRules() });
        recordIngestMetrics(events, results, (performance.now() - started) / 1000);
      } catch (error) {
        metrics().ingestBatchDuration.observe({ outcome: "error" }, (performance.now() - started) / 1000);
        // Nothing of the batch was written (one transaction). A value the database refuses is
        // that event's rejection (ingestBatch), so what reaches here is either the database
        // being away, worth a retry, or our fault, which a retry would only repeat.
        log.error("ingest: batch failed", { sourceId: source.id, events: events.length, error });
        if (isDatabaseUnavailable(error)) {
          throw new ApiError(503, "DATABASE_UNAVAILABLE", "the database is unavailable; nothing of the batch was applied: retry it", { "retry-after": "5" });
        }
        throw new ApiError(500, "INTERNAL", "internal error; nothing of the batch was applied (it is logged for the console's operators)");
      }
      const counts = { accepted: 0, duplicate: 0, rejected: 0 };
      for (const r of results) counts[r.status]++;
      return { ...counts, results: results.map((r, i) => resultJson(r, lines?.[i])) };
    },
  });
}

/** Counts each event by catalogue type ("unknown" outside it: the label stays bounded) and result. */
function recordIngestMetrics(events: readonly unknown[], results: readonly EventResult[], seconds: number): void {
  const m = metrics();
  m.ingestBatchDuration.observe({ outcome: "ok" }, seconds);
  for (const r of results) {
    const type = peekType(events[r.index]);
    const result = r.status === "accepted" ? (r.effect === "applied" ? "accepted" : r.effect) : r.status;
    m.ingestEvents.inc({ type: type !== null && isEventType(type) ? type : "unknown", result });
  }
}

/** The app's route (app/api/ingest/v1/events/route.ts). */
export const ingestEvents = ingestRoute();

/** The route on a given database, clock and time rules (tests). */
export const handleIngestRequest = (db: Db, request: Request, now = new Date(), timeRules: TimeRules = ingestTimeRules()) =>
  ingestRoute(timeRules).serve(request, { db, now });
