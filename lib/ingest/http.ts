// `POST /api/ingest/v1/events`: the request-level rules around ingestBatch. In order:
// 401 (token), 415 (content type), 413 (sizes, read with a byte limit so an oversized
// body is never buffered whole), 400 (not JSON), 403 (a type this source may not send:
// the whole request, so a misconfigured sender notices at once), 429 (rate, counted in
// PostgreSQL so every instance shares it), then per-event results with 200.
import type { Db } from "@/lib/db/prisma";
import { BodyTooLarge, readLimited } from "@/lib/http/read-limited";
import { log } from "@/lib/log";
import { authenticateSource } from "@/lib/platform/sources/authenticate";
import { isEventType } from "./catalogue";
import { peekType, UnparsableLine } from "./envelope";
import { ingestBatch, type EventResult } from "./ingest-batch";

export const INGEST_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  maxEvents: 1000,
  maxEventBytes: 32 * 1024,
} as const;

export const INGEST_CONTENT_TYPES = ["application/cloudevents+json", "application/cloudevents-batch+json", "application/x-ndjson"] as const;
type IngestContentType = (typeof INGEST_CONTENT_TYPES)[number];

const NO_STORE = { "cache-control": "no-store" };

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { ...NO_STORE, ...headers } });
}

function contentTypeOf(request: Request): IngestContentType | null {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return (INGEST_CONTENT_TYPES as readonly string[]).includes(mediaType) ? (mediaType as IngestContentType) : null;
}

type Split = { ok: true; events: unknown[] } | { ok: false; status: 400 | 413; message: string };

const encoder = new TextEncoder();
const tooBigEvent = (where: string): Split => ({
  ok: false,
  status: 413,
  message: `${where} is larger than ${INGEST_LIMITS.maxEventBytes / 1024} KiB: split its data or send less per event`,
});
const tooMany = (n: number): Split => ({ ok: false, status: 413, message: `${n} events in one request: send at most ${INGEST_LIMITS.maxEvents} per request` });

/** The request's events, in order (an NDJSON line that is not JSON becomes a rejected event). */
export function splitEvents(contentType: IngestContentType, text: string): Split {
  if (contentType === "application/x-ndjson") {
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    if (lines.length > INGEST_LIMITS.maxEvents) return tooMany(lines.length);
    const events: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      if (encoder.encode(line).byteLength > INGEST_LIMITS.maxEventBytes) return tooBigEvent(`line ${i + 1}`);
      try {
        events.push(JSON.parse(line));
      } catch {
        // One bad line does not sink the others; it is answered as a rejected event.
        events.push(new UnparsableLine(i + 1));
      }
    }
    return { ok: true, events };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: "the body is not valid JSON" };
  }
  if (contentType === "application/cloudevents+json") {
    if (Array.isArray(parsed)) return { ok: false, status: 400, message: "an array needs Content-Type: application/cloudevents-batch+json" };
    if (encoder.encode(text).byteLength > INGEST_LIMITS.maxEventBytes) return tooBigEvent("the event");
    return { ok: true, events: [parsed] };
  }
  if (!Array.isArray(parsed)) return { ok: false, status: 400, message: "application/cloudevents-batch+json expects a JSON array of events" };
  if (parsed.length > INGEST_LIMITS.maxEvents) return tooMany(parsed.length);
  for (const [i, event] of parsed.entries()) {
    // Serialising again measures an event as compactly as it could have been sent.
    if (encoder.encode(JSON.stringify(event)).byteLength > INGEST_LIMITS.maxEventBytes) return tooBigEvent(`event ${i}`);
  }
  return { ok: true, events: parsed };
}

/**
 * Counts the request's events into this second's window for the source, unless the
 * window is already full: one upsert, shared by every instance. A request that finds
 * room is let through whole, so a window can overshoot by at most one request.
 */
export async function takeRate(db: Db, sourceId: number, events: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ events: number }[]>`
    INSERT INTO ingest_rate_windows (source_id, second, events)
    VALUES (${sourceId}, date_trunc('second', now()), ${events})
    ON CONFLICT (source_id, second) DO UPDATE SET events = ingest_rate_windows.events + EXCLUDED.events
      WHERE ingest_rate_windows.events < (SELECT max_events_per_second FROM event_sources WHERE id = ${sourceId})
    RETURNING events`;
  const row = rows[0];
  if (!row) return false;
  if (row.events === events) {
    // First request of a new second for this source: clear the old windows.
    await db.$executeRaw`DELETE FROM ingest_rate_windows WHERE source_id = ${sourceId} AND second < now() - interval '10 seconds'`;
  }
  return true;
}

function resultJson(r: EventResult): Record<string, unknown> {
  if (r.status === "accepted") return { index: r.index, id: r.id, status: r.status, effect: r.effect };
  if (r.status === "duplicate") return { index: r.index, id: r.id, status: r.status };
  return { index: r.index, id: r.id, status: r.status, reason: r.reason };
}

export async function handleIngestRequest(db: Db, request: Request, now = new Date()): Promise<Response> {
  const auth = await authenticateSource(db, request.headers.get("authorization"), "ingest", now);
  if (!auth.ok) return problem(auth.status, auth.message, auth.status === 401 ? { "www-authenticate": 'Bearer realm="ingest"' } : {});
  const { source } = auth;

  const contentType = contentTypeOf(request);
  if (!contentType) return problem(415, `send Content-Type: one of ${INGEST_CONTENT_TYPES.join(", ")}`, { accept: INGEST_CONTENT_TYPES.join(", ") });

  let body: Uint8Array;
  try {
    body = await readLimited(request, INGEST_LIMITS.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return problem(413, `the body is larger than ${INGEST_LIMITS.maxBodyBytes / 1024 / 1024} MiB: send smaller batches`);
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return problem(400, "the body is not valid UTF-8");
  }
  const split = splitEvents(contentType, text);
  if (!split.ok) return problem(split.status, split.message);
  const { events } = split;

  if (source.allowedTypes.length) {
    const refused = [...new Set(events.map(peekType).filter((t): t is string => t !== null && isEventType(t) && !source.allowedTypes.includes(t)))];
    if (refused.length) return problem(403, `this source may not send ${refused.map((t) => `"${t}"`).join(", ")} (allowed: ${source.allowedTypes.join(", ")})`);
  }

  if (events.length && !(await takeRate(db, source.id, events.length))) {
    return problem(429, "this source is over its events-per-second limit: retry after the delay", { "retry-after": "1" });
  }

  let results: EventResult[];
  try {
    results = await ingestBatch(db, source, events);
  } catch (error) {
    // Nothing of the batch was written (one transaction): the sender retries it whole.
    log.error("ingest: batch failed", { sourceId: source.id, events: events.length, error });
    return problem(503, "the batch could not be stored; nothing of it was applied: retry it", { "retry-after": "5" });
  }
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  for (const r of results) counts[r.status]++;
  return Response.json({ ...counts, results: results.map(resultJson) }, { status: 200, headers: NO_STORE });
}
