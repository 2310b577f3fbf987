// Accounts: created (or replayed), updated, terminated, deleted. Bans are in bans.ts.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventData } from "@/lib/ingest/catalogue";
import type { ValidEvent } from "@/lib/ingest/envelope";
import { cancelStaleAccountLinks } from "@/lib/email/cancel-links";
import { allVersions, asJson, findRecord, newerFields, type KnownRecord } from "@/lib/ingest/records";
import {
  APPLIED,
  SUPERSEDED,
  Rejection,
  get,
  isOutcome,
  need,
  optional,
  upper,
  type ApplyContext,
  type HandlerContext,
  type Handlers,
  type Of,
  type Outcome,
} from "./handler";

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

async function accountCreated(ctx: HandlerContext, event: Of<"account.created">): Promise<Outcome> {
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
  await ctx.release("account", account_id);
  return APPLIED;
}

async function accountUpdated(ctx: HandlerContext, event: Of<"account.updated">): Promise<Outcome> {
  const { account_id, ...changes } = event.data;
  const found = await need(ctx, [
    ["account", account_id],
    ["account", changes.parent_account_id],
  ]);
  if (isOutcome(found)) return found;
  const parentId = optional(found, "account", changes.parent_account_id)?.id ?? null;
  return mergeAccount(ctx, get(found, "account", account_id), event, changes, parentId);
}

async function accountDeleted(ctx: HandlerContext, event: Of<"account.deleted">): Promise<Outcome> {
  const found = await need(ctx, [["account", event.data.account_id]]);
  if (isOutcome(found)) return found;
  const account = get(found, "account", event.data.account_id);
  if (account.endedAt) return SUPERSEDED;
  await ctx.tx.account.update({ where: { id: account.id }, data: { deletedAt: event.time } });
  // Links: a deleted account's reset links end with it.
  await cancelStaleAccountLinks(ctx.tx, account.id, event.time);
  return APPLIED;
}

async function accountTerminated(ctx: HandlerContext, event: Of<"account.terminated">): Promise<Outcome> {
  const found = await need(ctx, [["account", event.data.account_id]]);
  if (isOutcome(found)) return found;
  return mergeAccount(ctx, get(found, "account", event.data.account_id), event, { status: "terminated" }, undefined);
}

export const accountHandlers: Handlers<"account.created" | "account.updated" | "account.deleted" | "account.terminated"> = {
  "account.created": accountCreated,
  "account.updated": accountUpdated,
  "account.deleted": accountDeleted,
  "account.terminated": accountTerminated,
};
