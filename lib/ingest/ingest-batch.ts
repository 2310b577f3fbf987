// THE entry point for platform events: the HTTP route, the backfill importer and the
// tests all call `ingestBatch(db, source, rawEvents)`.
//
//   const results = await ingestBatch(db, { id, allowedTypes }, [cloudEvent, …]);
//   // results[i] answers rawEvents[i]:
//   //   { status: "accepted", effect: "applied" | "parked" | "superseded" }
//   //   { status: "accepted", effect: "superseded", reason: "time: …" } (older than its record)
//   //   { status: "duplicate" }                      (this source sent this id before)
//   //   { status: "rejected", reason: "data.ip: …" } (nothing of it was written)
//
// Guarantees:
// - Exactly-once effects. The whole batch is one transaction, and each taken event's id
//   is recorded in `ingested_events` in it, with the effect: a retried batch, or one
//   that crashed midway (rolled back), leaves the same database as one delivery.
// - Per-event isolation. Events are validated first (no DB; every string must be text
//   PostgreSQL can store); a stateful event that fails at the database (a conflict, or
//   any value PostgreSQL refuses: SQLSTATE 22/23) rolls back to its own savepoint and only
//   it is rejected (its id is not recorded, so a corrected event with the same id can be
//   sent again). Login attempts go in bulk, and one by one if the bulk statement is refused.
// - Order independence: see apply/index.ts (versions, parking, tombstones).
// - Time rules (time-rules.ts): an event stamped too far ahead of the console's clock, or
//   a login attempt older than retention, is rejected per event, naming `time`.
// - Batch cost: a fixed number of statements for login attempts whatever the batch
//   size (login-attempts.ts); the rarer stateful events one by one.
// The caller enforces request-level rules (auth, 403 for a type the source may not send,
// size limits, rate); this function still rejects, per event, a type the source may not
// send, so the importer cannot bypass the restriction.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/prisma";
import { inSpan } from "@/lib/telemetry/span";
import { applyEvent, rejectionReason } from "./apply";
import { parseEvent, type ValidEvent } from "./envelope";
import { dataErrorReason } from "./db-errors";
import { applyLoginAttempts, type LoginAttemptResult } from "./login-attempts";
import { park, type RecordKind } from "./records";
import { DEFAULT_TIME_RULES, timeRefusal, type TimeRules } from "./time-rules";

export interface IngestSource {
  id: number;
  /** Empty: every catalogue type. */
  allowedTypes: readonly string[];
}

export type Effect = "applied" | "parked" | "superseded";

export type EventResult =
  | {
      index: number;
      id: string | null;
      status: "accepted";
      effect: Effect;
      /** Why it was superseded, when not merely older than what is stored. */
      reason?: string;
    }
  | { index: number; id: string | null; status: "duplicate" }
  | { index: number; id: string | null; status: "rejected"; reason: string };

export interface IngestOptions {
  /**
   * Test hook, called after each event's effect is written (still inside the
   * transaction): throwing from it simulates a crash mid-batch.
   */
  afterEffect?: (index: number) => void;
  /** The console's clock for the time rules; the real clock unless a test fixes it. */
  now?: Date;
  /** Defaults to the documented defaults; the route and the importer pass the environment's. */
  timeRules?: TimeRules;
}

const MAX_ATTEMPTS = 3;

/** One batch of platform events (the HTTP route's body, or a chunk of an import), in one span. */
export function ingestBatch(db: Db, source: IngestSource, rawEvents: readonly unknown[], options: IngestOptions = {}): Promise<EventResult[]> {
  return inSpan("ingest batch", { "console.source_id": source.id, "console.events": rawEvents.length }, async (span) => {
    const results = await ingestBatchUntraced(db, source, rawEvents, options);
    span.setAttribute("console.rejected", results.filter((r) => r.status === "rejected").length);
    return results;
  });
}

async function ingestBatchUntraced(db: Db, source: IngestSource, rawEvents: readonly unknown[], options: IngestOptions): Promise<EventResult[]> {
  const results: (EventResult | undefined)[] = Array.from({ length: rawEvents.length }, () => undefined);
  const valid: ValidEvent[] = [];
  const idsInBatch = new Set<string>();
  const now = options.now ?? new Date();
  const timeRules = options.timeRules ?? DEFAULT_TIME_RULES;
  rawEvents.forEach((raw, index) => {
    const parsed = parseEvent(raw, index);
    const refusedTime = parsed.ok ? timeRefusal(parsed.event, now, timeRules) : null;
    if (!parsed.ok) {
      results[index] = { index, id: parsed.id, status: "rejected", reason: parsed.reason };
    } else if (source.allowedTypes.length && !source.allowedTypes.includes(parsed.event.type)) {
      results[index] = { index, id: parsed.event.id, status: "rejected", reason: `type: this source may not send "${parsed.event.type}"` };
    } else if (refusedTime !== null) {
      results[index] = { index, id: parsed.event.id, status: "rejected", reason: refusedTime };
    } else if (idsInBatch.has(parsed.event.id)) {
      results[index] = { index, id: parsed.event.id, status: "duplicate" };
    } else {
      idsInBatch.add(parsed.event.id);
      valid.push(parsed.event);
    }
  });

  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await db.$transaction((tx) => applyValid(tx, source.id, valid, results, options), { maxWait: 10_000, timeout: 120_000 });
      return applied;
    } catch (error) {
      // Two batches locking the same records in different orders: one is chosen as the
      // deadlock victim and rolled back whole, so running it again is safe.
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") return true;
  const message = error instanceof Error ? error.message : "";
  return /deadlock detected|could not serialize access/i.test(message);
}

async function applyValid(
  tx: Tx,
  sourceId: number,
  valid: readonly ValidEvent[],
  validationResults: readonly (EventResult | undefined)[],
  options: IngestOptions,
): Promise<EventResult[]> {
  const results = [...validationResults];
  const fresh = await recordSeen(tx, sourceId, valid);
  const unrecord: string[] = [];
  const stateful: ValidEvent[] = [];
  const logins: ValidEvent<"login.attempted">[] = [];
  for (const event of valid) {
    if (!fresh.has(event.id)) results[event.index] = { index: event.index, id: event.id, status: "duplicate" };
    else if (event.type === "login.attempted") logins.push(event as ValidEvent<"login.attempted">);
    else stateful.push(event);
  }

  // By event time, so a record created and changed in one batch is created first (parking
  // would sort it out anyway, but this way it costs nothing).
  stateful.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : a.index - b.index));
  for (const event of stateful) {
    await tx.$executeRawUnsafe("SAVEPOINT ingest_event");
    try {
      const outcome = await applyEvent({ tx, sourceId }, event);
      if (outcome.effect === "parked") await park(tx, sourceId, [{ event, kind: outcome.kind, externalId: outcome.externalId }]);
      await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_event");
      results[event.index] = {
        index: event.index,
        id: event.id,
        status: "accepted",
        effect: outcome.effect,
        ...(outcome.effect === "superseded" && outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      };
      options.afterEffect?.(event.index);
    } catch (error) {
      const reason = rejectionReason(error);
      if (reason === null) throw error;
      await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT ingest_event");
      results[event.index] = { index: event.index, id: event.id, status: "rejected", reason };
      unrecord.push(event.id);
    }
  }

  if (logins.length) {
    const outcomes = await applyLoginAttemptsIsolated(tx, sourceId, logins);
    const toPark: { event: ValidEvent; kind: RecordKind; externalId: string }[] = [];
    logins.forEach((event, i) => {
      const outcome = outcomes[i];
      if (!outcome) throw new Error("internal: a login attempt without an outcome");
      if (outcome.effect === "rejected") {
        results[event.index] = { index: event.index, id: event.id, status: "rejected", reason: outcome.reason };
        unrecord.push(event.id);
        return;
      }
      if (outcome.effect === "parked") toPark.push({ event, kind: outcome.kind, externalId: outcome.externalId });
      results[event.index] = { index: event.index, id: event.id, status: "accepted", effect: outcome.effect };
    });
    await park(tx, sourceId, toPark);
    for (const event of logins) options.afterEffect?.(event.index);
  }

  if (unrecord.length) {
    // Rejected events are not "seen": the sender may correct one and send it again.
    await tx.$executeRawUnsafe(`DELETE FROM ingested_events WHERE source_id = $1 AND event_id = ANY($2::text[])`, sourceId, unrecord);
  }

  const final = results.map((r, index) => r ?? { index, id: null, status: "rejected" as const, reason: "internal: no outcome" });
  await countOutcomes(tx, sourceId, final);
  return final;
}

/**
 * The bulk path, in a savepoint: validation should leave PostgreSQL nothing to refuse,
 * but if it still refuses a value (a data error names no row), the batch's attempts are
 * applied again one by one, each in its own savepoint, so only the guilty ones are
 * rejected. Anything but a data error still fails the batch.
 */
async function applyLoginAttemptsIsolated(tx: Tx, sourceId: number, logins: ValidEvent<"login.attempted">[]): Promise<LoginAttemptResult[]> {
  await tx.$executeRawUnsafe("SAVEPOINT ingest_logins");
  try {
    const outcomes = await applyLoginAttempts(tx, sourceId, logins);
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_logins");
    return outcomes;
  } catch (error) {
    if (dataErrorReason(error) === null) throw error;
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT ingest_logins");
  }
  const outcomes: LoginAttemptResult[] = [];
  for (const event of logins) {
    await tx.$executeRawUnsafe("SAVEPOINT ingest_event");
    try {
      const [outcome] = await applyLoginAttempts(tx, sourceId, [event]);
      if (!outcome) throw new Error("internal: a login attempt without an outcome");
      await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_event");
      outcomes.push(outcome);
    } catch (error) {
      const reason = dataErrorReason(error);
      if (reason === null) throw error;
      await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT ingest_event");
      outcomes.push({ effect: "rejected", reason });
    }
  }
  return outcomes;
}

/** One multi-row insert for the batch's ids; those it actually inserted are new. */
async function recordSeen(tx: Tx, sourceId: number, events: readonly ValidEvent[]): Promise<Set<string>> {
  if (!events.length) return new Set();
  const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
    `INSERT INTO ingested_events (source_id, event_id, type)
     SELECT $1, x.id, x.type FROM jsonb_to_recordset($2::jsonb) AS x(id text, type text)
     ON CONFLICT (source_id, event_id) DO NOTHING
     RETURNING event_id`,
    sourceId,
    JSON.stringify(events.map((e) => ({ id: e.id, type: e.type }))),
  );
  return new Set(rows.map((r) => r.event_id));
}

async function countOutcomes(tx: Tx, sourceId: number, results: readonly EventResult[]): Promise<void> {
  let accepted = 0;
  let duplicate = 0;
  let rejected = 0;
  for (const r of results) {
    if (r.status === "accepted") accepted++;
    else if (r.status === "duplicate") duplicate++;
    else rejected++;
  }
  if (!results.length) return;
  await tx.eventSource.update({
    where: { id: sourceId },
    data: { eventsAccepted: { increment: accepted }, eventsDuplicate: { increment: duplicate }, eventsRejected: { increment: rejected } },
  });
}
