// The request formats of `POST /api/ingest/v1/events` (CloudEvents structured, batch and
// NDJSON, or binary mode), split into events, and the per-source rate. The route itself
// (the order of its answers, its one error body) is a platform-door spec: ./route.ts.
import type { Db } from "@/lib/db/prisma";
import { MAX_EVENT_DEPTH } from "./catalogue";
import { peekId, RefusedEvent, UnparsableLine } from "./envelope";
import type { Effect, EventResult } from "./ingest-batch";

export const INGEST_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  maxEvents: 1000,
  maxEventBytes: 32 * 1024,
} as const;

export const INGEST_CONTENT_TYPES = ["application/cloudevents+json", "application/cloudevents-batch+json", "application/x-ndjson"] as const;
export type IngestContentType = (typeof INGEST_CONTENT_TYPES)[number];
/** Binary mode (HTTP binding 3.1.2): attributes in `ce-*` headers, the body is `data`. */
export type RequestMode = { kind: IngestContentType } | { kind: "binary"; mediaType: string | null; charset: string | null };

export function modeOf(request: Request): RequestMode | null {
  const header = request.headers.get("content-type") ?? "";
  const [type = "", ...params] = header.split(";");
  const mediaType = type.trim().toLowerCase();
  if ((INGEST_CONTENT_TYPES as readonly string[]).includes(mediaType)) return { kind: mediaType as IngestContentType };
  // Any other media type is binary mode, as the binding says; without the one header
  // binary mode cannot do without, it is most likely a mistake, answered with 415.
  if (!request.headers.has("ce-specversion")) return null;
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("charset="));
  return { kind: "binary", mediaType: mediaType || null, charset: charset ? charset.slice("charset=".length).replace(/^"|"$/g, "") : null };
}

export type Split =
  | { ok: true; events: unknown[]; /** NDJSON: each event's physical line (1-based, blank lines counted). */ lines: number[] | null }
  | { ok: false; status: 400 | 413; message: string };

const encoder = new TextEncoder();
const KIB = 1024;

/** Over the per-event limit: that event alone is rejected, the others still apply. */
function oversized(bytes: number, id: string | null): RefusedEvent {
  return new RefusedEvent(
    `event: ${bytes} bytes, over the ${INGEST_LIMITS.maxEventBytes / KIB} KiB limit for one event: split its data or send less per event`,
    id,
  );
}
const tooMany = (n: number): Split => ({ ok: false, status: 413, message: `${n} events in one request: send at most ${INGEST_LIMITS.maxEvents} per request` });
const tooDeep = (what: string, limit: number): Split => ({
  ok: false,
  status: 400,
  message: `${what} nests JSON deeper than ${limit} levels: an event is a flat CloudEvent (see GET /api/ingest/v1/schema)`,
});

/**
 * True when the JSON text nests arrays and objects deeper than `limit`: a linear scan
 * before parsing, because code that walks a parsed value recursively (JSON.stringify
 * measuring an event, validators) runs out of stack on thousands of levels.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** What JSON.parse found wrong in one line, without the echo of the input V8 adds. */
function jsonErrorDetail(error: unknown): string | null {
  const message = error instanceof Error ? error.message : "";
  const at = /^(.{1,80}?) in JSON at position (\d+)/.exec(message);
  if (at) return `${at[1]} at column ${Number(at[2]) + 1}`;
  if (message.startsWith("Unexpected end of JSON input")) return "it ends too early";
  return /^Unexpected token '.{1,2}'/u.exec(message)?.[0] ?? null;
}

/** The request's events, in order. Per-event problems become rejected events; only request-level ones refuse the request. */
export function splitEvents(contentType: IngestContentType, text: string): Split {
  if (contentType === "application/x-ndjson") {
    const events: unknown[] = [];
    const lines: number[] = [];
    for (const [i, line] of text.split("\n").entries()) {
      if (line.trim() === "") continue;
      const number = i + 1;
      lines.push(number);
      if (lines.length > INGEST_LIMITS.maxEvents) continue;
      const bytes = encoder.encode(line).byteLength;
      if (bytes > INGEST_LIMITS.maxEventBytes) {
        events.push(oversized(bytes, null));
        continue;
      }
      if (nestsDeeperThan(line, MAX_EVENT_DEPTH)) {
        events.push(new RefusedEvent(`event: line ${number} nests JSON deeper than ${MAX_EVENT_DEPTH} levels: not an event`));
        continue;
      }
      try {
        events.push(JSON.parse(line));
      } catch (error) {
        // One bad line does not sink the others; it is answered as a rejected event.
        events.push(new UnparsableLine(number, jsonErrorDetail(error)));
      }
    }
    if (lines.length > INGEST_LIMITS.maxEvents) return tooMany(lines.length);
    return { ok: true, events, lines };
  }
  // One level for the batch's array around the events.
  const depthLimit = contentType === "application/cloudevents-batch+json" ? MAX_EVENT_DEPTH + 1 : MAX_EVENT_DEPTH;
  if (nestsDeeperThan(text, depthLimit)) return tooDeep("the body", depthLimit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: "the body is not valid JSON" };
  }
  if (contentType === "application/cloudevents+json") {
    if (Array.isArray(parsed)) return { ok: false, status: 400, message: "an array needs Content-Type: application/cloudevents-batch+json" };
    const bytes = encoder.encode(text).byteLength;
    return { ok: true, events: [bytes > INGEST_LIMITS.maxEventBytes ? oversized(bytes, peekId(parsed)) : parsed], lines: null };
  }
  if (!Array.isArray(parsed)) return { ok: false, status: 400, message: "application/cloudevents-batch+json expects a JSON array of events" };
  if (parsed.length > INGEST_LIMITS.maxEvents) return tooMany(parsed.length);
  const events = parsed.map((event: unknown) => {
    // Serialising again measures an event as compactly as it could have been sent.
    const bytes = encoder.encode(JSON.stringify(event)).byteLength;
    return bytes > INGEST_LIMITS.maxEventBytes ? oversized(bytes, peekId(event)) : event;
  });
  return { ok: true, events, lines: null };
}

/**
 * Percent-decoding as the HTTP binding asks of a `ce-*` header value (3.1.3.2): `%XX`
 * sequences are bytes, the result must be UTF-8. Raw octets above 0x7F (which the
 * binding says a sender must encode) are taken as bytes too. A `%` not followed by two
 * hex digits is kept: the official JavaScript SDK sends values unencoded.
 */
export function percentDecodeHeader(value: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const hex = c === 0x25 ? value.slice(i + 1, i + 3) : "";
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (c > 0xff) return null;
    else bytes.push(c);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

// Not attributes a header may carry: the body is `data`, `Content-Type` its media type.
const NOT_HEADERS = new Set(["data", "data_base64", "datacontenttype"]);

/** One binary-mode event: attributes from the `ce-*` headers, `data` from the body. */
export function binaryEvent(headers: Headers, mode: Extract<RequestMode, { kind: "binary" }>, text: string): Split {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of headers) {
    if (!name.startsWith("ce-")) continue;
    const attribute = name.slice(3);
    if (NOT_HEADERS.has(attribute)) {
      return {
        ok: true,
        events: [new RefusedEvent(`${attribute}: not sent as a ce- header in binary mode (the body is data, Content-Type its media type)`)],
        lines: null,
      };
    }
    const decoded = percentDecodeHeader(value);
    if (decoded === null) {
      return {
        ok: true,
        events: [new RefusedEvent(`${attribute}: the ${name} header is not UTF-8 once percent-decoded (CloudEvents HTTP binding 3.1.3.2)`)],
        lines: null,
      };
    }
    raw[attribute] = decoded;
  }
  const id = peekId(raw);
  if (mode.charset !== null && mode.charset !== "utf-8") {
    return { ok: true, events: [new RefusedEvent(`datacontenttype: charset=${mode.charset}: send the body as UTF-8`, id)], lines: null };
  }
  if (mode.mediaType !== null) raw.datacontenttype = mode.mediaType;
  if (text !== "") {
    if (mode.mediaType === null || mode.mediaType === "application/json") {
      if (nestsDeeperThan(text, MAX_EVENT_DEPTH - 1)) return tooDeep("the body (the event's data)", MAX_EVENT_DEPTH - 1);
      try {
        raw.data = JSON.parse(text);
      } catch {
        return { ok: false, status: 400, message: "the body is not valid JSON (binary mode: the body is the event's data, Content-Type: application/json)" };
      }
    } else raw.data = text;
  }
  const bytes = encoder.encode(JSON.stringify(raw)).byteLength;
  return { ok: true, events: [bytes > INGEST_LIMITS.maxEventBytes ? oversized(bytes, id) : raw], lines: null };
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

/**
 * One event's member of the answer. What does not apply is undefined, which JSON leaves
 * out: `line` outside NDJSON, `effect` unless accepted, `reason` unless rejected or
 * superseded.
 */
export function resultJson(r: EventResult, line: number | undefined): Record<string, unknown> {
  const { index, id, status, effect, reason }: { index: number; id: string | null; status: EventResult["status"]; effect?: Effect; reason?: string } = r;
  return { index, line, id, status, effect, reason };
}
