// Login history a scenario adds: ordinary months of sign-ins, wrong passwords, a
// teammate's password change, a lockout; flush() writes the attempts and last logins.
import type { Prisma } from "@/lib/generated/prisma/client";
import { after, ago, DAY, HOUR, MINUTE } from "./time";
import { int, pick, serverIp, strangerIp } from "./kit-random";
import { API_CLIENTS, SMTP_CLIENTS } from "./kit-vocabulary";
import type { TeammateInfo, Ctx } from "./kit-account";

export function addHistory(ctx: Ctx, from: Date, until: Date, options: { smtp: boolean; web?: boolean } = { smtp: true }): void {
  const { rng } = ctx;
  const webUsers = ctx.teammates;
  const apiIp = serverIp(rng);
  const apiAgent = pick(rng, API_CLIENTS);
  const smtpAgent = pick(rng, SMTP_CLIENTS);
  for (let t = from.getTime() + DAY; t < until.getTime(); t += DAY) {
    const day = new Date(t);
    if (options.web !== false && rng() < 0.45) {
      const who = pick(rng, webUsers);
      const at = after(day, int(rng, 7, 19) * HOUR + int(rng, 0, 59) * MINUTE);
      if (at < until) {
        if (rng() < 0.05) {
          // An everyday typo, followed by the right password.
          ctx.attempts.push(
            attempt(ctx, {
              teammateId: who.id,
              channel: "WEB",
              outcome: "FAILURE",
              reason: "WRONG_PASSWORD",
              usernameTried: who.username,
              ip: who.ip,
              userAgent: who.userAgent,
              occurredAt: at,
            }),
          );
        }
        ctx.attempts.push(
          attempt(ctx, {
            teammateId: who.id,
            channel: "WEB",
            outcome: "SUCCESS",
            usernameTried: who.username,
            ip: who.ip,
            userAgent: who.userAgent,
            occurredAt: after(at, 40_000),
          }),
        );
      }
    }
    if (rng() < 0.8) {
      const at = after(day, int(rng, 0, 23) * HOUR + int(rng, 0, 59) * MINUTE);
      if (at < until)
        ctx.attempts.push(
          attempt(ctx, { channel: "API", outcome: "SUCCESS", apiKeyPrefix: ctx.activeKeyPrefix, ip: apiIp, userAgent: apiAgent, occurredAt: at }),
        );
    }
    if (options.smtp && rng() < 0.5) {
      const at = after(day, int(rng, 0, 23) * HOUR + int(rng, 0, 59) * MINUTE);
      if (at < until)
        ctx.attempts.push(attempt(ctx, { channel: "SMTP", outcome: "SUCCESS", usernameTried: ctx.username, ip: apiIp, userAgent: smtpAgent, occurredAt: at }));
    }
  }
}

export function attempt(
  ctx: Ctx,
  a: Omit<Prisma.LoginAttemptCreateManyInput, "accountId"> & { accountId?: number | null },
): Prisma.LoginAttemptCreateManyInput {
  return { accountId: ctx.accountId, ...a };
}

/** `count` wrong-password web failures for the owner, spread over `window` ending before now. */
export function addWrongPasswords(ctx: Ctx, count: number, since: Date, options: { ip?: string } = {}): Date {
  const span = ctx.now.getTime() - since.getTime();
  let last = since;
  for (let i = 0; i < count; i++) {
    last = new Date(since.getTime() + Math.floor(((i + 1) * span) / (count + 1)));
    ctx.attempts.push(
      attempt(ctx, {
        teammateId: ctx.owner.id,
        channel: "WEB",
        outcome: "FAILURE",
        reason: "WRONG_PASSWORD",
        usernameTried: ctx.username,
        ip: options.ip ?? ctx.usualIp,
        userAgent: ctx.owner.userAgent,
        occurredAt: last,
      }),
    );
  }
  return last;
}

/**
 * The monthly invoices a paid plan has, all paid; none on the free plan (nor for a
 * subuser, billed through its parent), so the billing card never contradicts the plan.
 * Call it last in a builder: it draws from the rng, and earlier draws stay the same.
 */

export async function addTeammatePasswordChange(ctx: Ctx, changedAt: Date): Promise<TeammateInfo> {
  const changer = ctx.teammates.find((t) => t.level === "ADMIN") ?? ctx.teammates[1];
  if (!changer) throw new Error("credentials_changed needs a teammate besides the owner");
  await ctx.tx.credentialChange.create({
    data: {
      accountId: ctx.accountId,
      kind: "PASSWORD",
      teammateId: changer.id,
      actorLabel: changer.username,
      ip: strangerIp(ctx.rng),
      userAgent: changer.userAgent,
      detail: "password changed from the account settings page",
      occurredAt: changedAt,
    },
  });
  await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { passwordChangedAt: changedAt } });
  return changer;
}

export async function flush(ctx: Ctx): Promise<void> {
  if (ctx.attempts.length) await ctx.tx.loginAttempt.createMany({ data: ctx.attempts });
  let lastWeb: Date | null = null;
  for (const a of ctx.attempts) {
    if (a.channel === "WEB" && a.outcome === "SUCCESS" && a.accountId === ctx.accountId) {
      const at = new Date(a.occurredAt);
      if (!lastWeb || at > lastWeb) lastWeb = at;
    }
  }
  if (lastWeb) await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { lastLoginAt: lastWeb } });
  // Teammates' last login follows from their own successful web sign-ins.
  const lastByTeammate = new Map<number, Date>();
  for (const a of ctx.attempts) {
    if (a.teammateId != null && a.outcome === "SUCCESS") {
      const at = new Date(a.occurredAt);
      const prev = lastByTeammate.get(a.teammateId);
      if (!prev || at > prev) lastByTeammate.set(a.teammateId, at);
    }
  }
  for (const [id, at] of lastByTeammate) await ctx.tx.teammate.update({ where: { id }, data: { lastLoginAt: at } });
  ctx.attempts = [];
}

/** Five wrong passwords in a row lock the login for 30 minutes; tries meanwhile are refused. */
export async function lockOut(ctx: Ctx, since: Date, lockedForMs = 20 * MINUTE): Promise<void> {
  const { now } = ctx;
  const fifth = addWrongPasswords(ctx, 5, since, {});
  // Keep the lock in the future whatever `since` was: the scenario is "locked now".
  const lockedUntil = new Date(Math.max(after(fifth, 30 * MINUTE).getTime(), after(now, lockedForMs).getTime()));
  for (const m of [3, 1]) {
    const at = ago(m * MINUTE, now);
    if (at > fifth) {
      ctx.attempts.push(
        attempt(ctx, {
          teammateId: ctx.owner.id,
          channel: "WEB",
          outcome: "FAILURE",
          reason: "LOCKED",
          usernameTried: ctx.username,
          ip: ctx.usualIp,
          userAgent: ctx.owner.userAgent,
          occurredAt: at,
        }),
      );
    }
  }
  await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { lockedUntil } });
}
