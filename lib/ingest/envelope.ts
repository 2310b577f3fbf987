// One raw CloudEvent (already JSON-parsed) to a validated event, or the reason it is
// refused, phrased for the sender's engineer: which attribute or data field, and what
// was expected. The envelope goes through the official SDK (`new CloudEvent(…)` checks
// the 1.0 attributes with its JSON Schema); `data` through the catalogue's zod schema.
import { CloudEvent, ValidationError } from "cloudevents";
import type { z } from "zod";
import { EVENT_CATALOGUE, EVENT_TYPES, findUnstorable, isEventType, unstorableText, type EventData, type EventType } from "./catalogue";

export const MAX_EVENT_ID_LENGTH = 200;

export interface ValidEvent<T extends EventType = EventType> {
  /** Position in the request, so results line up with what was sent. */
  index: number;
  id: string;
  type: T;
  time: Date;
  /** "<time ISO> <id>": orders two events on one field, ties broken by id. */
  version: string;
  data: EventData<T>;
}

export type ParsedEvent = { ok: true; event: ValidEvent } | { ok: false; id: string | null; reason: string };

/** Stands for an NDJSON line that is not JSON, so it is answered like any rejected event. */
export class UnparsableLine {
  constructor(
    readonly line: number,
    /** What the JSON parser said, when it is worth passing on. */
    readonly detail: string | null = null,
  ) {}
}

/** Stands for an event refused before validation (over the per-event size limit, too deeply nested). */
export class RefusedEvent {
  constructor(
    readonly reason: string,
    readonly id: string | null = null,
  ) {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `type` attribute if it can be read, before any validation (for the 403 check). */
export function peekType(raw: unknown): string | null {
  return isRecord(raw) && typeof raw.type === "string" ? raw.type : null;
}

export function peekId(raw: unknown): string | null {
  return isRecord(raw) && typeof raw.id === "string" && raw.id.length > 0 && raw.id.length <= MAX_EVENT_ID_LENGTH && unstorableText(raw.id) === null
    ? raw.id
    : null;
}

function zodReason(prefix: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].join(".");
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}

function sdkReason(error: ValidationError): string {
  const errors = (error.errors ?? []) as unknown[];
  const first = errors.find(isRecord);
  if (!first) return `envelope: ${error.message}`;
  const path = typeof first.instancePath === "string" && first.instancePath ? first.instancePath.replace(/^\//, "") : "envelope";
  return `${path}: ${typeof first.message === "string" ? first.message : "invalid"} (CloudEvents 1.0)`;
}

export function versionOf(time: Date, id: string): string {
  return `${time.toISOString()} ${id}`;
}

export function parseEvent(raw: unknown, index: number): ParsedEvent {
  if (raw instanceof UnparsableLine) return { ok: false, id: null, reason: `event: line ${raw.line} is not valid JSON${raw.detail ? ` (${raw.detail})` : ""}` };
  if (raw instanceof RefusedEvent) return { ok: false, id: raw.id, reason: raw.reason };
  const id = peekId(raw);
  if (!isRecord(raw)) return { ok: false, id: null, reason: "event: expected a JSON object (a CloudEvent in structured mode)" };
  // Before anything reads it: every string of the event, envelope and data, must be
  // text PostgreSQL can store, or the batch's transaction would fail on it.
  const unstorable = findUnstorable(raw);
  if (unstorable) return { ok: false, id, reason: `${unstorable.path}: ${unstorable.problem}` };
  if (raw.specversion !== "1.0") return { ok: false, id, reason: 'specversion: expected "1.0"' };
  if (id === null) return { ok: false, id: null, reason: `id: expected a non-empty string of at most ${MAX_EVENT_ID_LENGTH} characters` };
  const type = raw.type;
  if (typeof type !== "string" || !isEventType(type)) {
    return { ok: false, id, reason: `type: expected one of ${EVENT_TYPES.join(", ")} (see GET /api/ingest/v1/schema)` };
  }
  if (typeof raw.time !== "string") return { ok: false, id, reason: "time: required (RFC 3339, when it happened on the platform): it orders events" };
  if (raw.datacontenttype !== undefined && raw.datacontenttype !== "application/json") {
    return { ok: false, id, reason: 'datacontenttype: expected "application/json" (or absent)' };
  }
  if (!("data" in raw)) return { ok: false, id, reason: "data: required (an object; schema per type at GET /api/ingest/v1/schema)" };
  try {
    // Strict mode: the SDK validates source (URI-reference), time (RFC 3339), extension names.
    new CloudEvent(raw, true);
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, id, reason: sdkReason(error) };
    if (error instanceof Error) return { ok: false, id, reason: `envelope: ${error.message}` };
    throw error;
  }
  const time = new Date(raw.time);
  if (Number.isNaN(time.getTime())) return { ok: false, id, reason: "time: expected an RFC 3339 timestamp" };
  const parsed = EVENT_CATALOGUE[type].schema.safeParse(raw.data);
  if (!parsed.success) return { ok: false, id, reason: zodReason("data", parsed.error) };
  return { ok: true, event: { index, id, type, time, version: versionOf(time, id), data: parsed.data } };
}
