// API keys: created (or replayed) and revoked, each naming the teammate who did it when
// a teammate did.
import { allVersions, asJson, newerFields } from "@/lib/ingest/records";
import { APPLIED, SUPERSEDED, existingChild, inAccount, isOutcome, type HandlerContext, type Handlers, type Of, type Outcome } from "./handler";

async function apiKeyCreated(ctx: HandlerContext, event: Of<"api_key.created">): Promise<Outcome> {
  const { account_id, api_key_id, created_by_teammate_id, ...state } = event.data;
  const scope = await inAccount(ctx, account_id, { teammates: [["created_by_teammate_id", created_by_teammate_id]] });
  if (isOutcome(scope)) return scope;
  const { accountId } = scope;
  const [createdById = null] = scope.teammateIds;
  const existing = await existingChild(ctx, "api_key", api_key_id, accountId, "data.api_key_id: this key id already belongs to another account");
  if (existing) {
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
  await ctx.release("api_key", api_key_id);
  return APPLIED;
}

async function apiKeyRevoked(ctx: HandlerContext, event: Of<"api_key.revoked">): Promise<Outcome> {
  const { account_id, api_key_id, revoked_by_teammate_id } = event.data;
  const scope = await inAccount(ctx, account_id, {
    child: { kind: "api_key", externalId: api_key_id, otherAccount: "data.api_key_id: this key belongs to another account" },
    teammates: [["revoked_by_teammate_id", revoked_by_teammate_id]],
  });
  if (isOutcome(scope)) return scope;
  const key = scope.child;
  const [revokedById = null] = scope.teammateIds;
  if (key.endedAt) return SUPERSEDED;
  await ctx.tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: event.time, revokedById } });
  return APPLIED;
}

export const apiKeyHandlers: Handlers<"api_key.created" | "api_key.revoked"> = {
  "api_key.created": apiKeyCreated,
  "api_key.revoked": apiKeyRevoked,
};
