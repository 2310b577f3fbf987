// The console's side of the platform's ids: finding (and locking) the row an event names,
// per-field versions, and the pending events that wait for a record not yet known.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/prisma";
import type { ValidEvent } from "./envelope";

export type RecordKind = "account" | "signup" | "teammate" | "api_key" | "integration" | "invoice";

/** Fixed table names per kind (never from input). `tombstone` is the column that ends the record. */
const TABLES: Record<RecordKind, { table: string; tombstone: string | null }> = {
  account: { table: "accounts", tombstone: "deleted_at" },
  signup: { table: "sign_ups", tombstone: null },
  teammate: { table: "teammates", tombstone: "deleted_at" },
  api_key: { table: "api_keys", tombstone: "revoked_at" },
  integration: { table: "password_integrations", tombstone: "removed_at" },
  invoice: { table: "invoices", tombstone: null },
};

export type Versions = Record<string, string>;

export interface KnownRecord {
  id: number;
  versions: Versions;
  /** The tombstone column's value (deleted, revoked, removed), if the kind has one. */
  endedAt: Date | null;
  /** The owning account's console id, for child records (null for accounts and sign-ups). */
  accountId: number | null;
}

/**
 * The row an event names, locked for the rest of the transaction (FOR UPDATE) so two
 * concurrent batches changing one record apply one after the other on fresh versions.
 */
export async function findRecord(tx: Tx, sourceId: number, kind: RecordKind, externalId: string): Promise<KnownRecord | null> {
  const { table, tombstone } = TABLES[kind];
  const accountColumn = kind === "account" || kind === "signup" ? "NULL::int" : "account_id";
  const rows = await tx.$queryRawUnsafe<{ id: number; versions: Versions | null; ended_at: Date | null; account_id: number | null }[]>(
    `SELECT id, source_versions AS versions, ${tombstone ?? "NULL::timestamptz"} AS ended_at, ${accountColumn} AS account_id
       FROM ${table} WHERE source_id = $1 AND external_id = $2 FOR UPDATE`,
    sourceId,
    externalId,
  );
  const row = rows[0];
  return row ? { id: row.id, versions: row.versions ?? {}, endedAt: row.ended_at, accountId: row.account_id } : null;
}

/** The column holding when each kind of record came into being on the platform (the creating event's time). */
const CREATED: Record<RecordKind, string> = {
  account: "created_at",
  signup: "created_at",
  teammate: "created_at",
  api_key: "created_at",
  integration: "created_at",
  invoice: "issued_at",
};

/**
 * When a known record was created, or null if the console does not know it. Not locked:
 * the creation time never changes, and locking here, before the handler locks what it
 * needs in its own order, could deadlock two concurrent batches.
 */
export async function recordCreatedAt(tx: Tx, sourceId: number, kind: RecordKind, externalId: string): Promise<Date | null> {
  const rows = await tx.$queryRawUnsafe<{ created_at: Date }[]>(
    `SELECT ${CREATED[kind]} AS created_at FROM ${TABLES[kind].table} WHERE source_id = $1 AND external_id = $2`,
    sourceId,
    externalId,
  );
  return rows[0]?.created_at ?? null;
}

/** Console ids for many external ids of one kind, in one query (the batch path). */
export async function resolveIds(
  tx: Tx,
  sourceId: number,
  kind: RecordKind,
  externalIds: string[],
): Promise<Map<string, { id: number; accountId: number | null }>> {
  const out = new Map<string, { id: number; accountId: number | null }>();
  if (!externalIds.length) return out;
  const { table } = TABLES[kind];
  const accountColumn = kind === "account" || kind === "signup" ? "NULL::int" : "account_id";
  const rows = await tx.$queryRawUnsafe<{ external_id: string; id: number; account_id: number | null }[]>(
    `SELECT external_id, id, ${accountColumn} AS account_id FROM ${table} WHERE source_id = $1 AND external_id = ANY($2::text[])`,
    sourceId,
    externalIds,
  );
  for (const row of rows) out.set(row.external_id, { id: row.id, accountId: row.account_id });
  return out;
}

/**
 * The fields of `changes` this event may set: those whose stored version is older than
 * the event's. Returns the subset and the versions to store with it.
 */
export function newerFields<T extends Record<string, unknown>>(versions: Versions, version: string, changes: T): { fields: Partial<T>; versions: Versions } {
  const fields: Partial<T> = {};
  const next: Versions = { ...versions };
  for (const key of Object.keys(changes) as (keyof T & string)[]) {
    if (changes[key] === undefined) continue;
    const current = versions[key];
    if (current === undefined || current < version) {
      fields[key] = changes[key];
      next[key] = version;
    }
  }
  return { fields, versions: next };
}

export function allVersions(fields: readonly string[], version: string): Versions {
  return Object.fromEntries(fields.map((f) => [f, version]));
}

export function asJson(versions: Versions): Prisma.InputJsonValue {
  return versions;
}

/** What a pending row holds: the event as validated, with its time as a string. */
interface StoredEvent {
  index: number;
  id: string;
  type: string;
  time: string;
  version: string;
  data: unknown;
}

export async function park(tx: Tx, sourceId: number, events: { event: ValidEvent; kind: RecordKind; externalId: string }[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map(({ event, kind, externalId }) => ({
    kind,
    external_id: externalId,
    event_id: event.id,
    type: event.type,
    time: event.time.toISOString(),
    event: {
      index: event.index,
      id: event.id,
      type: event.type,
      time: event.time.toISOString(),
      version: event.version,
      data: event.data,
    } satisfies StoredEvent,
  }));
  await tx.$executeRawUnsafe(
    `INSERT INTO pending_ingest_events (source_id, waits_for_kind, waits_for_id, event_id, type, time, event)
     SELECT $1, x.kind, x.external_id, x.event_id, x.type, x.time, x.event
       FROM jsonb_to_recordset($2::jsonb) AS x(kind text, external_id text, event_id text, type text, time timestamptz, event jsonb)
     ON CONFLICT (source_id, event_id) DO NOTHING`,
    sourceId,
    JSON.stringify(rows),
  );
}

/** Takes (and deletes) the events waiting for a record that now exists, oldest first. */
export async function takePending(tx: Tx, sourceId: number, kind: RecordKind, externalId: string): Promise<ValidEvent[]> {
  const rows = await tx.$queryRawUnsafe<{ event: StoredEvent }[]>(
    `DELETE FROM pending_ingest_events WHERE source_id = $1 AND waits_for_kind = $2 AND waits_for_id = $3 RETURNING event`,
    sourceId,
    kind,
    externalId,
  );
  return rows
    .map(({ event }) => ({ ...event, time: new Date(event.time) }) as ValidEvent)
    .sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}
