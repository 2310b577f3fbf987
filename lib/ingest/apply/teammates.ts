// Teammates: added (or replayed), changed, removed. A teammate belongs to one account
// and its username is unique within it.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventData } from "@/lib/ingest/catalogue";
import type { ValidEvent } from "@/lib/ingest/envelope";
import { allVersions, asJson, newerFields, type KnownRecord } from "@/lib/ingest/records";
import {
  APPLIED,
  SUPERSEDED,
  Rejection,
  existingChild,
  inAccount,
  isOutcome,
  upper,
  type ApplyContext,
  type HandlerContext,
  type Handlers,
  type Of,
  type Outcome,
} from "./handler";

type TeammateFields = Partial<Omit<EventData<"teammate.changed">, "account_id" | "teammate_id">>;

const OTHER_ACCOUNT = "data.teammate_id: this teammate belongs to another account";

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

async function teammateAdded(ctx: HandlerContext, event: Of<"teammate.added">): Promise<Outcome> {
  const { account_id, teammate_id, ...state } = event.data;
  const scope = await inAccount(ctx, account_id);
  if (isOutcome(scope)) return scope;
  const { accountId } = scope;
  const existing = await existingChild(ctx, "teammate", teammate_id, accountId, "data.teammate_id: this teammate id already belongs to another account");
  if (existing) return mergeTeammate(ctx, existing, event, state);
  const clash = await ctx.tx.teammate.findFirst({ where: { accountId, usernameLower: state.username.toLowerCase() }, select: { id: true } });
  if (clash) throw new Rejection("data.username: the account already has a teammate with this username");
  await ctx.tx.teammate.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: teammate_id,
      accountId,
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
  await ctx.release("teammate", teammate_id);
  return APPLIED;
}

async function teammateChanged(ctx: HandlerContext, event: Of<"teammate.changed">): Promise<Outcome> {
  const { account_id, teammate_id, ...changes } = event.data;
  const scope = await inAccount(ctx, account_id, { child: { kind: "teammate", externalId: teammate_id, otherAccount: OTHER_ACCOUNT } });
  if (isOutcome(scope)) return scope;
  return mergeTeammate(ctx, scope.child, event, changes);
}

async function teammateRemoved(ctx: HandlerContext, event: Of<"teammate.removed">): Promise<Outcome> {
  const scope = await inAccount(ctx, event.data.account_id, { child: { kind: "teammate", externalId: event.data.teammate_id, otherAccount: OTHER_ACCOUNT } });
  if (isOutcome(scope)) return scope;
  const teammate = scope.child;
  if (teammate.endedAt) return SUPERSEDED;
  await ctx.tx.teammate.update({ where: { id: teammate.id }, data: { deletedAt: event.time } });
  return APPLIED;
}

export const teammateHandlers: Handlers<"teammate.added" | "teammate.changed" | "teammate.removed"> = {
  "teammate.added": teammateAdded,
  "teammate.changed": teammateChanged,
  "teammate.removed": teammateRemoved,
};
