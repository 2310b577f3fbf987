// Credential changes (password, username, email, API keys): facts recorded at their
// time, naming who made them; a password change also dates the account's password.
import { APPLIED, inAccount, isOutcome, upper, type HandlerContext, type Handlers, type Of, type Outcome } from "./handler";

async function credentialChanged(ctx: HandlerContext, event: Of<"credential.changed">): Promise<Outcome> {
  const { data } = event;
  const scope = await inAccount(ctx, data.account_id, { teammates: [["teammate_id", data.teammate_id]] });
  if (isOutcome(scope)) return scope;
  const { accountId } = scope;
  const [teammateId = null] = scope.teammateIds;
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

export const credentialHandlers: Handlers<"credential.changed"> = { "credential.changed": credentialChanged };
