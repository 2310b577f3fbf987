// What every record family's handlers share: the outcome of one event, the context it
// runs in, and the prologue that resolves the records an event names (each must be
// known, or the event is parked until the first missing one arrives).
import type { Tx } from "@/lib/db/prisma";
import type { EventType } from "@/lib/ingest/catalogue";
import type { ValidEvent } from "@/lib/ingest/envelope";
import { findRecord, type KnownRecord, type RecordKind } from "@/lib/ingest/records";

/** The sender's problem with this one event; the caller rolls back to the event's savepoint. */
export class Rejection extends Error {}

export type Outcome =
  | { effect: "applied" }
  /** `reason` when the sender should know why (an event older than its record). */
  | { effect: "superseded"; reason?: string }
  | { effect: "parked"; kind: RecordKind; externalId: string };

export const APPLIED: Outcome = { effect: "applied" };
export const SUPERSEDED: Outcome = { effect: "superseded" };
export const parked = (kind: RecordKind, externalId: string): Outcome => ({ effect: "parked", kind, externalId });

export interface ApplyContext {
  tx: Tx;
  sourceId: number;
}

/** What a handler gets: the batch's context, and a way to apply the events a new record releases. */
export interface HandlerContext extends ApplyContext {
  /** Applies the events that were waiting for a record the handler just created. */
  release(kind: RecordKind, externalId: string): Promise<void>;
}

export type Of<T extends EventType> = ValidEvent<T>;

export type Handler<T extends EventType> = (ctx: HandlerContext, event: Of<T>) => Promise<Outcome>;

/** One family's part of the dispatch table (the index checks that every type has one). */
export type Handlers<T extends EventType> = { [K in T]: Handler<K> };

/** The catalogue's lower-case enum value as the console's enum. */
export const upper = <T extends string>(value: string): T => value.toUpperCase() as T;

export function isOutcome<T extends object>(value: T | Outcome): value is Outcome {
  return "effect" in value;
}

type Found = Map<string, KnownRecord>;
type Dependency = [RecordKind, string | null | undefined];

/** Dependencies an event names: each must be known, or the event waits for the first missing one. */
export async function need(ctx: ApplyContext, deps: Dependency[]): Promise<Found | Outcome> {
  const found: Found = new Map();
  for (const [kind, externalId] of deps) {
    if (externalId === null || externalId === undefined) continue;
    const record = await findRecord(ctx.tx, ctx.sourceId, kind, externalId);
    if (!record) return parked(kind, externalId);
    found.set(`${kind}:${externalId}`, record);
  }
  return found;
}

export function get(found: Found, kind: RecordKind, externalId: string): KnownRecord {
  const record = found.get(`${kind}:${externalId}`);
  if (!record) throw new Error(`internal: ${kind} ${externalId} not resolved`);
  return record;
}

export function optional(found: Found, kind: RecordKind, externalId: string | null | undefined): KnownRecord | null {
  return externalId ? get(found, kind, externalId) : null;
}

interface AccountNames<Id extends string | null | undefined> {
  /** The account's child record the event is about (an absent id: the event names none). */
  child?: { kind: RecordKind; externalId: Id; otherAccount: string };
  /** Teammates the event names as actors, by field (for the message when one is of another account). */
  teammates?: [field: string, externalId: string | null | undefined][];
}

/** A child named by a required id is known once the prologue passes; one by an optional id may be absent. */
type ChildOf<Id> = Id extends string ? KnownRecord : KnownRecord | null;

export interface InAccount<Child> {
  accountId: number;
  child: Child;
  /** The console ids of `teammates`, in order (null where the event named none). */
  teammateIds: (number | null)[];
}

/**
 * The prologue of an event about an account's records: the account, then the child record,
 * then the teammates it names must be known (else the event waits for the first missing
 * one, in that order); the child and the teammates must belong to the account, else the
 * event is rejected (child first).
 */
export async function inAccount<Id extends string | null | undefined = null>(
  ctx: ApplyContext,
  accountExternalId: string,
  names: AccountNames<Id> = {},
): Promise<InAccount<ChildOf<Id>> | Outcome> {
  const { child, teammates = [] } = names;
  const deps: Dependency[] = [["account", accountExternalId]];
  if (child) deps.push([child.kind, child.externalId]);
  for (const [, externalId] of teammates) deps.push(["teammate", externalId]);
  const found = await need(ctx, deps);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", accountExternalId).id;
  const childRecord = child ? optional(found, child.kind, child.externalId) : null;
  if (child && childRecord && childRecord.accountId !== accountId) throw new Rejection(child.otherAccount);
  const teammateIds = teammates.map(([field, externalId]) => {
    const teammate = optional(found, "teammate", externalId);
    if (!teammate) return null;
    if (teammate.accountId !== accountId) throw new Rejection(`data.${field}: this teammate belongs to another account`);
    return teammate.id;
  });
  // need() parked the event unless every named record was found, so a required id's child is here.
  return { accountId, child: childRecord as ChildOf<Id>, teammateIds };
}

/**
 * A child record an event creates that the console may already have (a replay, or a
 * later state): it must be the same account's, else the event is rejected.
 */
export async function existingChild(
  ctx: ApplyContext,
  kind: RecordKind,
  externalId: string,
  accountId: number,
  otherAccount: string,
): Promise<KnownRecord | null> {
  const existing = await findRecord(ctx.tx, ctx.sourceId, kind, externalId);
  if (existing && existing.accountId !== accountId) throw new Rejection(otherAccount);
  return existing;
}
