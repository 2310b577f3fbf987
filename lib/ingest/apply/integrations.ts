// Password integrations (SMTP relay, legacy API users): added (or replayed) and removed.
import { allVersions, asJson, newerFields } from "@/lib/ingest/records";
import { APPLIED, SUPERSEDED, existingChild, inAccount, isOutcome, upper, type HandlerContext, type Handlers, type Of, type Outcome } from "./handler";

async function integrationAdded(ctx: HandlerContext, event: Of<"integration.added">): Promise<Outcome> {
  const { account_id, integration_id, ...state } = event.data;
  const scope = await inAccount(ctx, account_id);
  if (isOutcome(scope)) return scope;
  const { accountId } = scope;
  const existing = await existingChild(
    ctx,
    "integration",
    integration_id,
    accountId,
    "data.integration_id: this integration id already belongs to another account",
  );
  if (existing) {
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
  await ctx.release("integration", integration_id);
  return APPLIED;
}

async function integrationRemoved(ctx: HandlerContext, event: Of<"integration.removed">): Promise<Outcome> {
  const scope = await inAccount(ctx, event.data.account_id, {
    child: { kind: "integration", externalId: event.data.integration_id, otherAccount: "data.integration_id: this integration belongs to another account" },
  });
  if (isOutcome(scope)) return scope;
  const integration = scope.child;
  if (integration.endedAt) return SUPERSEDED;
  await ctx.tx.passwordIntegration.update({ where: { id: integration.id }, data: { removedAt: event.time } });
  return APPLIED;
}

export const integrationHandlers: Handlers<"integration.added" | "integration.removed"> = {
  "integration.added": integrationAdded,
  "integration.removed": integrationRemoved,
};
