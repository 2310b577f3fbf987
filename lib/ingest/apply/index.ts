// The effect of one stateful event (everything but the bulk login path) inside the
// batch's transaction. The rules, per type, are in the README ("Platform events"); in
// short:
// - an event naming a record the console does not know yet is parked and applied when
//   the record arrives;
// - state fields carry per-field versions (event time, then id): an older event never
//   overwrites a newer value, so arrival order does not change the result;
// - a tombstone (account deleted, teammate removed, key revoked, integration removed)
//   ends the record: later or late events for it change nothing;
// - a ban is final: no later status brings a banned account back;
// - an event older than the creation of the record it changes changes nothing (a sender's
//   clock running behind must not rewrite a record that did not exist yet).
// A `Rejection` is the sender's problem with this one event; the caller rolls back to
// the event's savepoint and answers `rejected` with the message.
//
// One file per record family, each with its part of the dispatch table (like the
// diagnosis rules in lib/diagnosis/rules); handler.ts has what they share.
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventType } from "@/lib/ingest/catalogue";
import { dataErrorReason } from "@/lib/ingest/db-errors";
import type { ValidEvent } from "@/lib/ingest/envelope";
import { applyLoginAttempts } from "@/lib/ingest/login-attempts";
import { park, takePending, type RecordKind } from "@/lib/ingest/records";
import { log } from "@/lib/log";
import { accountHandlers } from "./accounts";
import { apiKeyHandlers } from "./api-keys";
import { banHandlers } from "./bans";
import { billingHandlers } from "./billing";
import { credentialHandlers } from "./credentials";
import { Rejection, type ApplyContext, type Handler, type HandlerContext, type Handlers, type Outcome } from "./handler";
import { integrationHandlers } from "./integrations";
import { loginHandlers } from "./logins";
import { predatesItsRecord } from "./predates";
import { signupHandlers } from "./signups";
import { teammateHandlers } from "./teammates";

export { Rejection, type ApplyContext, type Outcome } from "./handler";

/** Every event type's handler: the type makes a missing one a compile error. */
const HANDLERS: Handlers<EventType> = {
  ...accountHandlers,
  ...banHandlers,
  ...signupHandlers,
  ...teammateHandlers,
  ...apiKeyHandlers,
  ...integrationHandlers,
  ...credentialHandlers,
  ...loginHandlers,
  ...billingHandlers,
};

/** Applies the events that were waiting for a record the caller just created. */
async function release(ctx: ApplyContext, kind: RecordKind, externalId: string): Promise<void> {
  const waiting = await takePending(ctx.tx, ctx.sourceId, kind, externalId);
  // Login attempts (possibly thousands waiting for one account) go through the bulk path,
  // after the state events, which may create the teammates they name.
  const logins = waiting.filter((e): e is ValidEvent<"login.attempted"> => e.type === "login.attempted");
  for (const event of waiting.filter((e) => e.type !== "login.attempted")) {
    // Each its own savepoint: one that no longer fits (a username taken meanwhile) is
    // dropped and logged, and the others still apply. It was answered `accepted` (parked)
    // long ago, so there is nobody to answer now.
    await ctx.tx.$executeRawUnsafe("SAVEPOINT ingest_released");
    try {
      const outcome = await applyEvent(ctx, event);
      if (outcome.effect === "parked") await park(ctx.tx, ctx.sourceId, [{ event, kind: outcome.kind, externalId: outcome.externalId }]);
      if (outcome.effect === "superseded" && outcome.reason !== undefined) {
        log.warn("ingest: a parked event was superseded when its record arrived", {
          sourceId: ctx.sourceId,
          eventId: event.id,
          type: event.type,
          reason: outcome.reason,
        });
      }
      await ctx.tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_released");
    } catch (error) {
      const reason = rejectionReason(error);
      if (reason === null) throw error;
      await ctx.tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT ingest_released");
      log.warn("ingest: a parked event could not be applied when its record arrived", { sourceId: ctx.sourceId, eventId: event.id, type: event.type, reason });
    }
  }
  if (!logins.length) return;
  const outcomes = await applyLoginAttempts(ctx.tx, ctx.sourceId, logins);
  const again: { event: ValidEvent; kind: RecordKind; externalId: string }[] = [];
  logins.forEach((event, i) => {
    const outcome = outcomes[i];
    if (outcome?.effect === "parked") again.push({ event, kind: outcome.kind, externalId: outcome.externalId });
    else if (outcome?.effect === "rejected") {
      log.warn("ingest: a parked event could not be applied when its record arrived", {
        sourceId: ctx.sourceId,
        eventId: event.id,
        type: event.type,
        reason: outcome.reason,
      });
    }
  });
  await park(ctx.tx, ctx.sourceId, again);
}

/** The message for an error that is this event's fault, or null for anything else. */
export function rejectionReason(error: unknown): string | null {
  if (error instanceof Rejection) return error.message;
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return "data: conflicts with an existing record (a unique value such as a username or an invoice period is already taken)";
  }
  return dataErrorReason(error);
}

/** Applies one event (parking is the caller's to record, so batches park in one insert). */
export async function applyEvent(ctx: ApplyContext, event: ValidEvent): Promise<Outcome> {
  const early = await predatesItsRecord(ctx, event);
  if (early) return early;
  const handler = HANDLERS[event.type] as Handler<EventType>;
  const handlerContext: HandlerContext = { ...ctx, release: (kind, externalId) => release(ctx, kind, externalId) };
  return handler(handlerContext, event);
}
