// Bans: final (no later status brings a banned account back), cascading to subusers
// when the platform says so, and taking the account's dedicated IPs with them.
import { cancelStaleAccountLinks } from "@/lib/email/cancel-links";
import { asJson } from "@/lib/ingest/records";
import { APPLIED, get, isOutcome, need, type ApplyContext, type HandlerContext, type Handlers, type Of, type Outcome } from "./handler";

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

async function accountBanned(ctx: HandlerContext, event: Of<"account.banned">): Promise<Outcome> {
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

export const banHandlers: Handlers<"account.banned"> = { "account.banned": accountBanned };
