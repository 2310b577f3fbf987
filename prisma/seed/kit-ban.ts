// The ban: the account and its subusers banned, dedicated IPs removed, and the
// failures that follow.
import { after, ago, DAY, HOUR, MINUTE, minDate } from "./time";
import { int, pick, serverIp } from "./kit-random";
import { API_CLIENTS } from "./kit-vocabulary";
import { emailDomain, createBaseAccount, type Ctx } from "./kit-account";
import { addHistory, attempt, flush } from "./kit-history";

export async function applyBan(ctx: Ctx, bannedAt: Date, subuserNames: string[]): Promise<void> {
  const { tx, rng } = ctx;
  const ban = await tx.ban.create({
    data: {
      accountId: ctx.accountId,
      bannedAt,
      reason: pick(rng, [
        "Phishing content reported by recipients and confirmed by compliance review",
        "Spam complaint rate above policy for three consecutive weeks",
        "Sending to purchased lists in breach of the acceptable use policy",
      ]),
      banEmailRef: `COMPLIANCE-${bannedAt.getUTCFullYear()}-${int(rng, 10000, 99999)}`,
      cascadeSubusers: true,
    },
    select: { id: true },
  });
  ctx.result.banId = ban.id;
  await tx.account.update({ where: { id: ctx.accountId }, data: { status: "BANNED" } });
  // A ban removes every dedicated IP; make sure there are some to show as removed.
  if (!ctx.result.dedicatedIpIds.length) {
    const ips = await tx.dedicatedIp.createManyAndReturn({
      data: [1, 2].map((n) => ({
        accountId: ctx.accountId,
        address: `198.18.${int(rng, 0, 255)}.${n * 10 + int(rng, 0, 9)}`,
        assignedAt: ago((120 + n) * DAY, bannedAt),
      })),
      select: { id: true },
    });
    ctx.result.dedicatedIpIds.push(...ips.map((i) => i.id));
  }
  await tx.dedicatedIp.updateMany({
    where: { accountId: ctx.accountId, removedAt: null },
    data: { removedAt: bannedAt, removedReason: "account banned" },
  });
  for (const name of subuserNames) {
    const sub = await createBaseAccount(
      tx,
      {
        username: name,
        email: `${name.toLowerCase()}@${emailDomain(ctx.email)}`,
        now: ctx.now,
        rng,
        historyMonths: 4,
        plan: "subuser",
        parentId: ctx.accountId,
        hasDedicatedIps: false,
      },
      ctx.result.scenario,
    );
    addHistory(sub, ago(120 * DAY, bannedAt), bannedAt, { smtp: true, web: true });
    addPostBanFailures(sub, bannedAt);
    await tx.account.update({ where: { id: sub.accountId }, data: { status: "BANNED" } });
    await tx.ban.create({
      data: {
        accountId: sub.accountId,
        bannedAt,
        reason: "Parent account banned",
        banEmailRef: null,
        cascadeSubusers: true,
        inheritedFromId: ban.id,
      },
    });
    await flush(sub);
    ctx.result.subuserIds.push(sub.accountId);
  }
}

export function addPostBanFailures(ctx: Ctx, bannedAt: Date): void {
  const apiIp = serverIp(ctx.rng);
  for (let i = 1; i <= 6; i++) {
    const at = after(bannedAt, i * 7 * HOUR);
    if (at >= ctx.now) break;
    ctx.attempts.push(
      attempt(ctx, {
        channel: i % 2 ? "API" : "SMTP",
        outcome: "FAILURE",
        reason: "BANNED",
        apiKeyPrefix: i % 2 ? ctx.activeKeyPrefix : null,
        usernameTried: i % 2 ? null : ctx.username,
        ip: apiIp,
        userAgent: pick(ctx.rng, API_CLIENTS),
        occurredAt: at,
      }),
    );
  }
  ctx.attempts.push(
    attempt(ctx, {
      teammateId: ctx.owner.id,
      channel: "WEB",
      outcome: "FAILURE",
      reason: "BANNED",
      usernameTried: ctx.username,
      ip: ctx.usualIp,
      userAgent: ctx.owner.userAgent,
      occurredAt: minDate(after(bannedAt, 26 * HOUR), ago(10 * MINUTE, ctx.now)),
    }),
  );
}

/** A teammate other than the owner changes the password; the owner is then locked out. */
