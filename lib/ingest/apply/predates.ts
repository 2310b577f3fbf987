// The time rule: an event older than the creation of the record it changes changes
// nothing (a sender's clock running behind must not rewrite a record that did not exist yet).
import type { EventData, EventType } from "@/lib/ingest/catalogue";
import type { ValidEvent } from "@/lib/ingest/envelope";
import { recordCreatedAt, type RecordKind } from "@/lib/ingest/records";
import { type ApplyContext, type Outcome } from "./handler";

/**
 * The record each state event changes (the one its `*.created`/`*.added`/`*.issued` made).
 * Not here: bans, credential changes, billing warnings and login attempts are facts
 * recorded at their time, not changes to a record's state. A ban is left out on purpose
 * although it sets the status: dropping one over a sender's clock would leave an abusive
 * account active, which is worse than a ban dated oddly.
 */
const OWN_RECORD: { [T in EventType]?: (data: EventData<T>) => [RecordKind, string] } = {
  "account.created": (d) => ["account", d.account_id],
  "account.updated": (d) => ["account", d.account_id],
  "account.deleted": (d) => ["account", d.account_id],
  "account.terminated": (d) => ["account", d.account_id],
  "signup.created": (d) => ["signup", d.signup_id],
  "signup.confirmation_sent": (d) => ["signup", d.signup_id],
  "signup.confirmed": (d) => ["signup", d.signup_id],
  "signup.expired": (d) => ["signup", d.signup_id],
  "teammate.added": (d) => ["teammate", d.teammate_id],
  "teammate.changed": (d) => ["teammate", d.teammate_id],
  "teammate.removed": (d) => ["teammate", d.teammate_id],
  "api_key.created": (d) => ["api_key", d.api_key_id],
  "api_key.revoked": (d) => ["api_key", d.api_key_id],
  "integration.added": (d) => ["integration", d.integration_id],
  "integration.removed": (d) => ["integration", d.integration_id],
  "invoice.issued": (d) => ["invoice", d.invoice_id],
  "invoice.paid": (d) => ["invoice", d.invoice_id],
};

const RECORD_NAMES: Record<RecordKind, string> = {
  account: "account",
  signup: "sign-up",
  teammate: "teammate",
  api_key: "API key",
  integration: "integration",
  invoice: "invoice",
};

/**
 * `superseded` with the reason when the event is older than the creation of the record it
 * changes: versions alone do not catch it for a field the creation did not set (an
 * `account.updated` with `locked_until` stamped years early would lock a new account).
 */
export async function predatesItsRecord(ctx: ApplyContext, event: ValidEvent): Promise<Outcome | null> {
  const target = (OWN_RECORD[event.type] as ((data: EventData<EventType>) => [RecordKind, string]) | undefined)?.(event.data);
  if (!target) return null;
  const [kind, externalId] = target;
  const createdAt = await recordCreatedAt(ctx.tx, ctx.sourceId, kind, externalId);
  if (!createdAt || event.time >= createdAt) return null;
  return {
    effect: "superseded",
    reason: `time: ${event.time.toISOString()} is before this ${RECORD_NAMES[kind]} was created (${createdAt.toISOString()}): an event older than its record changes nothing`,
  };
}
