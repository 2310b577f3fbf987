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
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/prisma";
import type { EventData, EventType } from "./catalogue";
import type { ValidEvent } from "./envelope";
import { dataErrorReason } from "./db-errors";
import { applyLoginAttempts } from "./login-attempts";
import { cancelStaleAccountLinks, cancelStaleSignUpLinks } from "@/lib/email/cancel-links";
import { allVersions, asJson, findRecord, newerFields, park, recordCreatedAt, takePending, type KnownRecord, type RecordKind } from "./records";
import { log } from "@/lib/log";

export class Rejection extends Error {}

export type Outcome =
  | { effect: "applied" }
  /** `reason` when the sender should know why (an event older than its record). */
  | { effect: "superseded"; reason?: string }
  | { effect: "parked"; kind: RecordKind; externalId: string };

const APPLIED: Outcome = { effect: "applied" };
const SUPERSEDED: Outcome = { effect: "superseded" };
const parked = (kind: RecordKind, externalId: string): Outcome => ({ effect: "parked", kind, externalId });

export interface ApplyContext {
  tx: Tx;
  sourceId: number;
}

type Of<T extends EventType> = ValidEvent<T>;

const upper = <T extends string>(value: string): T => value.toUpperCase() as T;

/** First day of a "YYYY-MM" month, as the invoices table stores periods. */
function periodDate(period: string): Date {
  return new Date(`${period}-01T00:00:00.000Z`);
}

/** Dependencies an event names: each must be known, or the event waits for the first missing one. */
async function need(ctx: ApplyContext, deps: [RecordKind, string | null | undefined][]): Promise<Map<string, KnownRecord> | Outcome> {
  const found = new Map<string, KnownRecord>();
  for (const [kind, externalId] of deps) {
    if (externalId === null || externalId === undefined) continue;
    const record = await findRecord(ctx.tx, ctx.sourceId, kind, externalId);
    if (!record) return parked(kind, externalId);
    found.set(`${kind}:${externalId}`, record);
  }
  return found;
}

function isOutcome(value: Map<string, KnownRecord> | Outcome): value is Outcome {
  return !(value instanceof Map);
}

function get(found: Map<string, KnownRecord>, kind: RecordKind, externalId: string): KnownRecord {
  const record = found.get(`${kind}:${externalId}`);
  if (!record) throw new Error(`internal: ${kind} ${externalId} not resolved`);
  return record;
}

function optional(found: Map<string, KnownRecord>, kind: RecordKind, externalId: string | null | undefined): KnownRecord | null {
  return externalId ? get(found, kind, externalId) : null;
}

/** A teammate named by a child event must belong to the event's account. */
function sameAccount(teammate: KnownRecord | null, accountId: number, field: string): number | null {
  if (!teammate) return null;
  if (teammate.accountId !== accountId) throw new Rejection(`data.${field}: this teammate belongs to another account`);
  return teammate.id;
}

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

// ------------------------------------------------------------------ accounts

type AccountFields = Partial<Omit<EventData<"account.updated">, "account_id">>;

function accountColumns(fields: AccountFields, parentId: number | null | undefined, time: Date): Prisma.AccountUncheckedUpdateInput {
  const data: Prisma.AccountUncheckedUpdateInput = {};
  if (fields.username !== undefined) Object.assign(data, { username: fields.username, usernameLower: fields.username.toLowerCase() });
  if (fields.email !== undefined) Object.assign(data, { email: fields.email, emailLower: fields.email.toLowerCase() });
  if (fields.login_method !== undefined) data.loginMethod = upper(fields.login_method);
  if (fields.unified_login_id !== undefined) data.unifiedLoginId = fields.unified_login_id;
  if (fields.plan !== undefined) data.plan = fields.plan;
  if (fields.status !== undefined) {
    data.status = upper(fields.status);
    if (fields.status === "terminated") data.terminatedAt = time;
  }
  if (fields.parent_account_id !== undefined) data.parentId = parentId ?? null;
  if (fields.locked_until !== undefined) data.lockedUntil = fields.locked_until === null ? null : new Date(fields.locked_until);
  return data;
}

async function assertUsernameFree(ctx: ApplyContext, username: string | undefined, exceptId: number | null): Promise<void> {
  if (username === undefined) return;
  const other = await ctx.tx.account.findFirst({
    where: { usernameLower: username.toLowerCase(), ...(exceptId === null ? {} : { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (other) throw new Rejection("data.username: another account already has this username (usernames are unique, case-insensitively)");
}

/** Merges changed fields into a known account by version; shared by created (replayed) and updated. */
async function mergeAccount(
  ctx: ApplyContext,
  account: KnownRecord,
  event: ValidEvent,
  changes: AccountFields,
  parentId: number | null | undefined,
): Promise<Outcome> {
  if (account.endedAt) return SUPERSEDED;
  const current = await ctx.tx.account.findUniqueOrThrow({ where: { id: account.id }, select: { status: true } });
  // A ban is final: nothing moves a banned account to another status.
  const guarded = current.status === "BANNED" ? { ...changes, status: undefined } : changes;
  const { fields, versions } = newerFields(account.versions, event.version, guarded);
  if (!Object.keys(fields).length) return SUPERSEDED;
  await assertUsernameFree(ctx, fields.username, account.id);
  await ctx.tx.account.update({ where: { id: account.id }, data: { ...accountColumns(fields, parentId, event.time), sourceVersions: asJson(versions) } });
  // Links: a status, login method or email that makes an open reset link wrong ends it now.
  if (fields.status !== undefined || fields.login_method !== undefined || fields.email !== undefined)
    await cancelStaleAccountLinks(ctx.tx, account.id, event.time);
  return APPLIED;
}

async function accountCreated(ctx: ApplyContext, event: Of<"account.created">): Promise<Outcome> {
  const { account_id, confirmed_at, ...state } = event.data;
  const found = await need(ctx, [["account", state.parent_account_id]]);
  if (isOutcome(found)) return found;
  const parentId = optional(found, "account", state.parent_account_id)?.id ?? null;
  const existing = await findRecord(ctx.tx, ctx.sourceId, "account", account_id);
  if (existing) return mergeAccount(ctx, existing, event, state, parentId);
  await assertUsernameFree(ctx, state.username, null);
  const fieldNames = Object.keys(state).filter((k) => state[k as keyof typeof state] !== undefined);
  await ctx.tx.account.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: account_id,
      username: state.username,
      usernameLower: state.username.toLowerCase(),
      email: state.email,
      emailLower: state.email.toLowerCase(),
      loginMethod: upper(state.login_method),
      unifiedLoginId: state.unified_login_id ?? null,
      status: upper(state.status),
      plan: state.plan,
      parentId,
      lockedUntil: state.locked_until ? new Date(state.locked_until) : null,
      terminatedAt: state.status === "terminated" ? event.time : null,
      createdAt: event.time,
      confirmedAt: confirmed_at === undefined ? event.time : confirmed_at === null ? null : new Date(confirmed_at),
      sourceVersions: asJson(allVersions(fieldNames, event.version)),
    },
  });
  await release(ctx, "account", account_id);
  return APPLIED;
}

async function accountUpdated(ctx: ApplyContext, event: Of<"account.updated">): Promise<Outcome> {
  const { account_id, ...changes } = event.data;
  const found = await need(ctx, [
    ["account", account_id],
    ["account", changes.parent_account_id],
  ]);
  if (isOutcome(found)) return found;
  const parentId = optional(found, "account", changes.parent_account_id)?.id ?? null;
  return mergeAccount(ctx, get(found, "account", account_id), event, changes, parentId);
}

async function accountDeleted(ctx: ApplyContext, event: Of<"account.deleted">): Promise<Outcome> {
  const found = await need(ctx, [["account", event.data.account_id]]);
  if (isOutcome(found)) return found;
  const account = get(found, "account", event.data.account_id);
  if (account.endedAt) return SUPERSEDED;
  await ctx.tx.account.update({ where: { id: account.id }, data: { deletedAt: event.time } });
  // Links: a deleted account's reset links end with it.
  await cancelStaleAccountLinks(ctx.tx, account.id, event.time);
  return APPLIED;
}

async function accountTerminated(ctx: ApplyContext, event: Of<"account.terminated">): Promise<Outcome> {
  const found = await need(ctx, [["account", event.data.account_id]]);
  if (isOutcome(found)) return found;
  return mergeAccount(ctx, get(found, "account", event.data.account_id), event, { status: "terminated" }, undefined);
}

async function banOne(ctx: ApplyContext, accountId: number, event: Of<"account.banned">, inheritedFromId: number | null): Promise<number> {
  const { data } = event;
  const own = inheritedFromId === null;
  const existing = await ctx.tx.ban.findUnique({ where: { accountId }, select: { id: true, inheritedFromId: true } });
  let banId: number;
  if (!existing) {
    banId = (
      await ctx.tx.ban.create({
        data: {
          accountId,
          bannedAt: event.time,
          reason: own ? data.reason : "Parent account banned",
          banEmailRef: own ? (data.ban_email_ref ?? null) : null,
          cascadeSubusers: data.cascade_subusers,
          inheritedFromId,
        },
        select: { id: true },
      })
    ).id;
  } else {
    banId = existing.id;
    // The account's own ban replaces one it had only inherited; an inherited one never
    // replaces an own ban.
    if (own) {
      await ctx.tx.ban.update({
        where: { id: existing.id },
        data: { reason: data.reason, banEmailRef: data.ban_email_ref ?? null, cascadeSubusers: data.cascade_subusers, inheritedFromId: null },
      });
    }
  }
  await ctx.tx.account.update({ where: { id: accountId }, data: { status: "BANNED" } });
  // Links: a banned account's (or subuser's) reset links end with the ban.
  await cancelStaleAccountLinks(ctx.tx, accountId, event.time);
  await ctx.tx.dedicatedIp.updateMany({ where: { accountId, removedAt: null }, data: { removedAt: event.time, removedReason: "account banned" } });
  return banId;
}

async function accountBanned(ctx: ApplyContext, event: Of<"account.banned">): Promise<Outcome> {
  const found = await need(ctx, [["account", event.data.account_id]]);
  if (isOutcome(found)) return found;
  const account = get(found, "account", event.data.account_id);
  // Dedicated IPs the platform removed with the ban, recorded even if never announced.
  for (const ip of event.data.dedicated_ips) {
    const known = await ctx.tx.dedicatedIp.findFirst({ where: { accountId: account.id, address: ip.address }, select: { id: true } });
    if (!known) {
      await ctx.tx.dedicatedIp.create({
        data: {
          accountId: account.id,
          address: ip.address,
          assignedAt: ip.assigned_at ? new Date(ip.assigned_at) : event.time,
          removedAt: event.time,
          removedReason: "account banned",
        },
      });
    }
  }
  const banId = await banOne(ctx, account.id, event, null);
  await ctx.tx.account.update({ where: { id: account.id }, data: { sourceVersions: asJson({ ...account.versions, status: event.version }) } });
  if (event.data.cascade_subusers) {
    const subusers = await ctx.tx.account.findMany({ where: { parentId: account.id }, select: { id: true } });
    for (const sub of subusers) await banOne(ctx, sub.id, event, banId);
  }
  return APPLIED;
}

// ------------------------------------------------------------------ sign-ups

async function signupCreated(ctx: ApplyContext, event: Of<"signup.created">): Promise<Outcome> {
  const { signup_id, ...state } = event.data;
  const existing = await findRecord(ctx.tx, ctx.sourceId, "signup", signup_id);
  if (existing) {
    const { fields, versions } = newerFields(existing.versions, event.version, state);
    if (!Object.keys(fields).length) return SUPERSEDED;
    await ctx.tx.signUp.update({
      where: { id: existing.id },
      data: {
        ...(fields.username !== undefined ? { username: fields.username, usernameLower: fields.username.toLowerCase() } : {}),
        ...(fields.email !== undefined ? { email: fields.email, emailLower: fields.email.toLowerCase() } : {}),
        ...(fields.ip !== undefined ? { ip: fields.ip } : {}),
        ...(fields.confirmation_expires_at !== undefined ? { confirmationExpiresAt: new Date(fields.confirmation_expires_at) } : {}),
        sourceVersions: asJson(versions),
      },
    });
    // Links: a confirmation link sent to an address the sign-up no longer has ends now.
    await cancelStaleSignUpLinks(ctx.tx, existing.id, event.time);
    return APPLIED;
  }
  await ctx.tx.signUp.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: signup_id,
      username: state.username,
      usernameLower: state.username.toLowerCase(),
      email: state.email,
      emailLower: state.email.toLowerCase(),
      ip: state.ip ?? null,
      createdAt: event.time,
      confirmationsSent: 1,
      lastConfirmationSentAt: event.time,
      confirmationExpiresAt: new Date(state.confirmation_expires_at),
      sourceVersions: asJson(allVersions(["username", "email", "ip", "confirmation_expires_at"], event.version)),
    },
  });
  await release(ctx, "signup", signup_id);
  return APPLIED;
}

async function signupConfirmationSent(ctx: ApplyContext, event: Of<"signup.confirmation_sent">): Promise<Outcome> {
  const found = await need(ctx, [["signup", event.data.signup_id]]);
  if (isOutcome(found)) return found;
  const signUp = get(found, "signup", event.data.signup_id);
  const current = await ctx.tx.signUp.findUniqueOrThrow({ where: { id: signUp.id }, select: { lastConfirmationSentAt: true } });
  const { fields, versions } = newerFields(signUp.versions, event.version, { confirmation_expires_at: event.data.expires_at });
  // Each send counts once (the event id makes it exactly once), whatever the order.
  await ctx.tx.signUp.update({
    where: { id: signUp.id },
    data: {
      confirmationsSent: { increment: 1 },
      lastConfirmationSentAt: current.lastConfirmationSentAt > event.time ? current.lastConfirmationSentAt : event.time,
      ...(fields.confirmation_expires_at !== undefined ? { confirmationExpiresAt: new Date(fields.confirmation_expires_at) } : {}),
      sourceVersions: asJson(versions),
    },
  });
  return APPLIED;
}

async function signupConfirmed(ctx: ApplyContext, event: Of<"signup.confirmed">): Promise<Outcome> {
  const found = await need(ctx, [
    ["signup", event.data.signup_id],
    ["account", event.data.account_id],
  ]);
  if (isOutcome(found)) return found;
  const signUp = get(found, "signup", event.data.signup_id);
  const account = optional(found, "account", event.data.account_id);
  const current = await ctx.tx.signUp.findUniqueOrThrow({ where: { id: signUp.id }, select: { confirmedAt: true, accountId: true } });
  if (current.confirmedAt && current.confirmedAt <= event.time && (account === null || current.accountId === account.id)) return SUPERSEDED;
  if (account && current.accountId !== null && current.accountId !== account.id) {
    throw new Rejection("data.account_id: this sign-up is already linked to another account");
  }
  await ctx.tx.signUp.update({
    where: { id: signUp.id },
    data: {
      confirmedAt: current.confirmedAt && current.confirmedAt < event.time ? current.confirmedAt : event.time,
      ...(account ? { accountId: account.id } : {}),
    },
  });
  if (account) await ctx.tx.account.updateMany({ where: { id: account.id, confirmedAt: null }, data: { confirmedAt: event.time } });
  // Links: a confirmed sign-up's confirmation links have nothing left to confirm.
  await cancelStaleSignUpLinks(ctx.tx, signUp.id, event.time);
  return APPLIED;
}

async function signupExpired(ctx: ApplyContext, event: Of<"signup.expired">): Promise<Outcome> {
  const found = await need(ctx, [["signup", event.data.signup_id]]);
  if (isOutcome(found)) return found;
  const signUp = get(found, "signup", event.data.signup_id);
  const current = await ctx.tx.signUp.findUniqueOrThrow({ where: { id: signUp.id }, select: { confirmedAt: true } });
  if (current.confirmedAt) return SUPERSEDED;
  // The link's expiry is a versioned field: a newer confirmation_sent (a fresh link) wins.
  const { fields, versions } = newerFields(signUp.versions, event.version, { confirmation_expires_at: event.time.toISOString() });
  if (fields.confirmation_expires_at === undefined) return SUPERSEDED;
  await ctx.tx.signUp.update({ where: { id: signUp.id }, data: { confirmationExpiresAt: event.time, sourceVersions: asJson(versions) } });
  // Links: those sent before the platform expired the sign-up end with it.
  await cancelStaleSignUpLinks(ctx.tx, signUp.id, event.time, { expiredAt: event.time });
  return APPLIED;
}

// ------------------------------------------------------------------ teammates, keys, integrations

type TeammateFields = Partial<Omit<EventData<"teammate.changed">, "account_id" | "teammate_id">>;

function teammateColumns(fields: TeammateFields): Prisma.TeammateUncheckedUpdateInput {
  const data: Prisma.TeammateUncheckedUpdateInput = {};
  if (fields.username !== undefined) Object.assign(data, { username: fields.username, usernameLower: fields.username.toLowerCase() });
  if (fields.email !== undefined) Object.assign(data, { email: fields.email, emailLower: fields.email.toLowerCase() });
  if (fields.level !== undefined) data.level = upper(fields.level);
  if (fields.scopes !== undefined) data.scopes = fields.scopes;
  return data;
}

async function mergeTeammate(ctx: ApplyContext, teammate: KnownRecord, event: ValidEvent, changes: TeammateFields): Promise<Outcome> {
  if (teammate.endedAt) return SUPERSEDED;
  const { fields, versions } = newerFields(teammate.versions, event.version, changes);
  if (!Object.keys(fields).length) return SUPERSEDED;
  await ctx.tx.teammate.update({ where: { id: teammate.id }, data: { ...teammateColumns(fields), sourceVersions: asJson(versions) } });
  return APPLIED;
}

async function teammateAdded(ctx: ApplyContext, event: Of<"teammate.added">): Promise<Outcome> {
  const { account_id, teammate_id, ...state } = event.data;
  const found = await need(ctx, [["account", account_id]]);
  if (isOutcome(found)) return found;
  const account = get(found, "account", account_id);
  const existing = await findRecord(ctx.tx, ctx.sourceId, "teammate", teammate_id);
  if (existing) {
    if (existing.accountId !== account.id) throw new Rejection("data.teammate_id: this teammate id already belongs to another account");
    return mergeTeammate(ctx, existing, event, state);
  }
  const clash = await ctx.tx.teammate.findFirst({ where: { accountId: account.id, usernameLower: state.username.toLowerCase() }, select: { id: true } });
  if (clash) throw new Rejection("data.username: the account already has a teammate with this username");
  await ctx.tx.teammate.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: teammate_id,
      accountId: account.id,
      username: state.username,
      usernameLower: state.username.toLowerCase(),
      email: state.email,
      emailLower: state.email.toLowerCase(),
      level: upper(state.level),
      scopes: state.scopes,
      createdAt: event.time,
      sourceVersions: asJson(allVersions(["username", "email", "level", "scopes"], event.version)),
    },
  });
  await release(ctx, "teammate", teammate_id);
  return APPLIED;
}

async function teammateChanged(ctx: ApplyContext, event: Of<"teammate.changed">): Promise<Outcome> {
  const { account_id, teammate_id, ...changes } = event.data;
  const found = await need(ctx, [
    ["account", account_id],
    ["teammate", teammate_id],
  ]);
  if (isOutcome(found)) return found;
  const teammate = get(found, "teammate", teammate_id);
  sameAccount(teammate, get(found, "account", account_id).id, "teammate_id");
  return mergeTeammate(ctx, teammate, event, changes);
}

async function teammateRemoved(ctx: ApplyContext, event: Of<"teammate.removed">): Promise<Outcome> {
  const found = await need(ctx, [
    ["account", event.data.account_id],
    ["teammate", event.data.teammate_id],
  ]);
  if (isOutcome(found)) return found;
  const teammate = get(found, "teammate", event.data.teammate_id);
  sameAccount(teammate, get(found, "account", event.data.account_id).id, "teammate_id");
  if (teammate.endedAt) return SUPERSEDED;
  await ctx.tx.teammate.update({ where: { id: teammate.id }, data: { deletedAt: event.time } });
  return APPLIED;
}

async function apiKeyCreated(ctx: ApplyContext, event: Of<"api_key.created">): Promise<Outcome> {
  const { account_id, api_key_id, created_by_teammate_id, ...state } = event.data;
  const found = await need(ctx, [
    ["account", account_id],
    ["teammate", created_by_teammate_id],
  ]);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", account_id).id;
  const createdById = sameAccount(optional(found, "teammate", created_by_teammate_id), accountId, "created_by_teammate_id");
  const existing = await findRecord(ctx.tx, ctx.sourceId, "api_key", api_key_id);
  if (existing) {
    if (existing.accountId !== accountId) throw new Rejection("data.api_key_id: this key id already belongs to another account");
    const { fields, versions } = newerFields(existing.versions, event.version, state);
    if (!Object.keys(fields).length) return SUPERSEDED;
    await ctx.tx.apiKey.update({ where: { id: existing.id }, data: { ...fields, sourceVersions: asJson(versions) } });
    return APPLIED;
  }
  await ctx.tx.apiKey.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: api_key_id,
      accountId,
      name: state.name,
      prefix: state.prefix,
      scopes: state.scopes,
      createdById,
      createdAt: event.time,
      sourceVersions: asJson(allVersions(["name", "prefix", "scopes"], event.version)),
    },
  });
  await release(ctx, "api_key", api_key_id);
  return APPLIED;
}

async function apiKeyRevoked(ctx: ApplyContext, event: Of<"api_key.revoked">): Promise<Outcome> {
  const { account_id, api_key_id, revoked_by_teammate_id } = event.data;
  const found = await need(ctx, [
    ["account", account_id],
    ["api_key", api_key_id],
    ["teammate", revoked_by_teammate_id],
  ]);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", account_id).id;
  const key = get(found, "api_key", api_key_id);
  if (key.accountId !== accountId) throw new Rejection("data.api_key_id: this key belongs to another account");
  const revokedById = sameAccount(optional(found, "teammate", revoked_by_teammate_id), accountId, "revoked_by_teammate_id");
  if (key.endedAt) return SUPERSEDED;
  await ctx.tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: event.time, revokedById } });
  return APPLIED;
}

async function integrationAdded(ctx: ApplyContext, event: Of<"integration.added">): Promise<Outcome> {
  const { account_id, integration_id, ...state } = event.data;
  const found = await need(ctx, [["account", account_id]]);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", account_id).id;
  const existing = await findRecord(ctx.tx, ctx.sourceId, "integration", integration_id);
  if (existing) {
    if (existing.accountId !== accountId) throw new Rejection("data.integration_id: this integration id already belongs to another account");
    if (existing.endedAt) return SUPERSEDED;
    const { fields, versions } = newerFields(existing.versions, event.version, state);
    if (!Object.keys(fields).length) return SUPERSEDED;
    await ctx.tx.passwordIntegration.update({
      where: { id: existing.id },
      data: {
        ...(fields.kind !== undefined ? { kind: upper<"SMTP_RELAY" | "LEGACY_API">(fields.kind) } : {}),
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.api_user !== undefined ? { apiUser: fields.api_user, apiUserLower: fields.api_user.toLowerCase() } : {}),
        sourceVersions: asJson(versions),
      },
    });
    return APPLIED;
  }
  await ctx.tx.passwordIntegration.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: integration_id,
      accountId,
      kind: upper(state.kind),
      name: state.name,
      apiUser: state.api_user,
      apiUserLower: state.api_user.toLowerCase(),
      createdAt: event.time,
      sourceVersions: asJson(allVersions(["kind", "name", "api_user"], event.version)),
    },
  });
  await release(ctx, "integration", integration_id);
  return APPLIED;
}

async function integrationRemoved(ctx: ApplyContext, event: Of<"integration.removed">): Promise<Outcome> {
  const found = await need(ctx, [
    ["account", event.data.account_id],
    ["integration", event.data.integration_id],
  ]);
  if (isOutcome(found)) return found;
  const integration = get(found, "integration", event.data.integration_id);
  if (integration.accountId !== get(found, "account", event.data.account_id).id)
    throw new Rejection("data.integration_id: this integration belongs to another account");
  if (integration.endedAt) return SUPERSEDED;
  await ctx.tx.passwordIntegration.update({ where: { id: integration.id }, data: { removedAt: event.time } });
  return APPLIED;
}

// ------------------------------------------------------------------ credentials

async function credentialChanged(ctx: ApplyContext, event: Of<"credential.changed">): Promise<Outcome> {
  const { data } = event;
  const found = await need(ctx, [
    ["account", data.account_id],
    ["teammate", data.teammate_id],
  ]);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", data.account_id).id;
  const teammateId = sameAccount(optional(found, "teammate", data.teammate_id), accountId, "teammate_id");
  let actorLabel = data.actor_label;
  if (actorLabel === undefined) {
    actorLabel =
      teammateId === null ? "account login" : (await ctx.tx.teammate.findUniqueOrThrow({ where: { id: teammateId }, select: { username: true } })).username;
  }
  await ctx.tx.credentialChange.create({
    data: {
      accountId,
      kind: upper(data.kind),
      teammateId,
      actorLabel,
      ip: data.ip ?? null,
      userAgent: data.user_agent ?? null,
      detail: data.detail ?? null,
      occurredAt: event.time,
    },
  });
  if (data.kind === "password") {
    // The newest change wins whatever order the changes arrive in.
    await ctx.tx.account.updateMany({
      where: { id: accountId, OR: [{ passwordChangedAt: null }, { passwordChangedAt: { lt: event.time } }] },
      data: { passwordChangedAt: event.time },
    });
  }
  return APPLIED;
}

// ------------------------------------------------------------------ billing

async function invoiceIssued(ctx: ApplyContext, event: Of<"invoice.issued">): Promise<Outcome> {
  const { account_id, invoice_id, ...state } = event.data;
  const found = await need(ctx, [["account", account_id]]);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", account_id).id;
  const existing = await findRecord(ctx.tx, ctx.sourceId, "invoice", invoice_id);
  if (existing) {
    if (existing.accountId !== accountId) throw new Rejection("data.invoice_id: this invoice id already belongs to another account");
    const { fields, versions } = newerFields(existing.versions, event.version, state);
    if (!Object.keys(fields).length) return SUPERSEDED;
    await ctx.tx.invoice.update({
      where: { id: existing.id },
      data: {
        ...(fields.period !== undefined ? { period: periodDate(fields.period) } : {}),
        ...(fields.amount_cents !== undefined ? { amountCents: fields.amount_cents } : {}),
        ...(fields.currency !== undefined ? { currency: fields.currency } : {}),
        ...(fields.due_at !== undefined ? { dueAt: new Date(fields.due_at) } : {}),
        sourceVersions: asJson(versions),
      },
    });
    return APPLIED;
  }
  const clash = await ctx.tx.invoice.findFirst({ where: { accountId, period: periodDate(state.period) }, select: { id: true } });
  if (clash) throw new Rejection("data.period: the account already has an invoice for this month (one invoice per account and month)");
  await ctx.tx.invoice.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: invoice_id,
      accountId,
      period: periodDate(state.period),
      amountCents: state.amount_cents,
      currency: state.currency,
      issuedAt: event.time,
      dueAt: new Date(state.due_at),
      sourceVersions: asJson(allVersions(["period", "amount_cents", "currency", "due_at"], event.version)),
    },
  });
  await release(ctx, "invoice", invoice_id);
  return APPLIED;
}

async function invoicePaid(ctx: ApplyContext, event: Of<"invoice.paid">): Promise<Outcome> {
  const found = await need(ctx, [
    ["account", event.data.account_id],
    ["invoice", event.data.invoice_id],
  ]);
  if (isOutcome(found)) return found;
  const invoice = get(found, "invoice", event.data.invoice_id);
  if (invoice.accountId !== get(found, "account", event.data.account_id).id) throw new Rejection("data.invoice_id: this invoice belongs to another account");
  // Paid once: the first payment's time stays.
  const updated = await ctx.tx.invoice.updateMany({
    where: { id: invoice.id, OR: [{ paidAt: null }, { paidAt: { gt: event.time } }] },
    data: { paidAt: event.time },
  });
  return updated.count ? APPLIED : SUPERSEDED;
}

async function billingWarningSent(ctx: ApplyContext, event: Of<"billing.warning_sent">): Promise<Outcome> {
  const { data } = event;
  const found = await need(ctx, [
    ["account", data.account_id],
    ["invoice", data.invoice_id],
  ]);
  if (isOutcome(found)) return found;
  const accountId = get(found, "account", data.account_id).id;
  const invoice = optional(found, "invoice", data.invoice_id);
  if (invoice && invoice.accountId !== accountId) throw new Rejection("data.invoice_id: this invoice belongs to another account");
  await ctx.tx.billingWarning.create({ data: { accountId, invoiceId: invoice?.id ?? null, kind: upper(data.kind), sentTo: data.sent_to, sentAt: event.time } });
  return APPLIED;
}

// ------------------------------------------------------------------ dispatch

type Handler<T extends EventType> = (ctx: ApplyContext, event: Of<T>) => Promise<Outcome>;

const HANDLERS: { [T in EventType]: Handler<T> } = {
  "account.created": accountCreated,
  "account.updated": accountUpdated,
  "account.deleted": accountDeleted,
  "account.terminated": accountTerminated,
  "account.banned": accountBanned,
  "signup.created": signupCreated,
  "signup.confirmation_sent": signupConfirmationSent,
  "signup.confirmed": signupConfirmed,
  "signup.expired": signupExpired,
  "teammate.added": teammateAdded,
  "teammate.changed": teammateChanged,
  "teammate.removed": teammateRemoved,
  "api_key.created": apiKeyCreated,
  "api_key.revoked": apiKeyRevoked,
  "integration.added": integrationAdded,
  "integration.removed": integrationRemoved,
  "credential.changed": credentialChanged,
  "login.attempted": async (ctx, event) => {
    const [result] = await applyLoginAttempts(ctx.tx, ctx.sourceId, [event]);
    if (!result) throw new Error("internal: no result for a login attempt");
    if (result.effect === "rejected") throw new Rejection(result.reason);
    if (result.effect === "parked") return parked(result.kind, result.externalId);
    return APPLIED;
  },
  "invoice.issued": invoiceIssued,
  "invoice.paid": invoicePaid,
  "billing.warning_sent": billingWarningSent,
};

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
async function predatesItsRecord(ctx: ApplyContext, event: ValidEvent): Promise<Outcome | null> {
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

/** Applies one event (parking is the caller's to record, so batches park in one insert). */
export async function applyEvent(ctx: ApplyContext, event: ValidEvent): Promise<Outcome> {
  const early = await predatesItsRecord(ctx, event);
  if (early) return early;
  const handler = HANDLERS[event.type] as Handler<EventType>;
  return handler(ctx, event);
}
