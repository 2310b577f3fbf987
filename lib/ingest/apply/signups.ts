// Sign-ups: created (or replayed), confirmation sent, confirmed, expired. Each keeps the
// sign-up's confirmation links in step (lib/email/cancel-links).
import { cancelStaleSignUpLinks } from "@/lib/email/cancel-links";
import { allVersions, asJson, findRecord, newerFields } from "@/lib/ingest/records";
import { APPLIED, SUPERSEDED, Rejection, get, isOutcome, need, optional, type HandlerContext, type Handlers, type Of, type Outcome } from "./handler";

async function signupCreated(ctx: HandlerContext, event: Of<"signup.created">): Promise<Outcome> {
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
  await ctx.release("signup", signup_id);
  return APPLIED;
}

async function signupConfirmationSent(ctx: HandlerContext, event: Of<"signup.confirmation_sent">): Promise<Outcome> {
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

async function signupConfirmed(ctx: HandlerContext, event: Of<"signup.confirmed">): Promise<Outcome> {
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

async function signupExpired(ctx: HandlerContext, event: Of<"signup.expired">): Promise<Outcome> {
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

export const signupHandlers: Handlers<"signup.created" | "signup.confirmation_sent" | "signup.confirmed" | "signup.expired"> = {
  "signup.created": signupCreated,
  "signup.confirmation_sent": signupConfirmationSent,
  "signup.confirmed": signupConfirmed,
  "signup.expired": signupExpired,
};
