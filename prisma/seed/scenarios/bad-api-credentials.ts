// Scenario `bad_api_credentials` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, API_CLIENTS, attempt, flush, serverIp, SMTP_CLIENTS, type ScenarioBuilder } from "@/prisma/seed/kit";
import { after, ago, DAY, HOUR } from "@/prisma/seed/time";

export const badApiCredentials: ScenarioBuilder = async ({ tx, now, rng, start, base, historyMonths }) => {
  const ctx = await base({ minTeammates: 2, hasIntegrations: true });
  const revokedAt = ago(3 * DAY + 4 * HOUR, now);
  const revoker = ctx.teammates.find((t) => t.level === "ADMIN") ?? ctx.teammates[1];
  if (!revoker) throw new Error("bad_api_credentials needs a teammate besides the owner");
  // The key the customer's servers still use; revoked by a teammate.
  const usedPrefix = ctx.activeKeyPrefix;
  const liveKey = await tx.apiKey.findFirstOrThrow({ where: { accountId: ctx.accountId, prefix: usedPrefix }, select: { id: true } });
  await tx.apiKey.update({ where: { id: liveKey.id }, data: { revokedAt, revokedById: revoker.id, lastUsedAt: ago(1 * HOUR, revokedAt) } });
  await tx.credentialChange.create({
    data: {
      accountId: ctx.accountId,
      kind: "API_KEY_REVOKED",
      teammateId: revoker.id,
      actorLabel: revoker.username,
      ip: revoker.ip,
      userAgent: revoker.userAgent,
      detail: `key ${usedPrefix} "production"`,
      occurredAt: revokedAt,
    },
  });
  addHistory(ctx, start, ago(1 * HOUR, revokedAt), { smtp: false });
  // The last success with that key, just before it was revoked.
  const apiIp = serverIp(rng);
  ctx.attempts.push(
    attempt(ctx, {
      channel: "API",
      outcome: "SUCCESS",
      apiKeyPrefix: usedPrefix,
      ip: apiIp,
      userAgent: API_CLIENTS[0],
      occurredAt: ago(1 * HOUR, revokedAt),
    }),
  );
  // Web sign-ins still work: the problem is only the key.
  addHistory(ctx, revokedAt, now, { smtp: false, web: true });
  ctx.attempts = ctx.attempts.filter((a) => !(a.channel === "API" && a.outcome === "SUCCESS" && new Date(a.occurredAt) >= revokedAt));
  for (let i = 1; i <= 36; i++) {
    const smtp = i % 3 === 0;
    ctx.attempts.push(
      attempt(ctx, {
        channel: smtp ? "SMTP" : "API",
        outcome: "FAILURE",
        reason: "BAD_API_KEY",
        usernameTried: smtp ? "apikey" : null,
        apiKeyPrefix: usedPrefix,
        ip: apiIp,
        userAgent: smtp ? SMTP_CLIENTS[0] : API_CLIENTS[0],
        occurredAt: after(revokedAt, i * 2 * HOUR),
      }),
    );
  }
  ctx.attempts = ctx.attempts.filter((a) => new Date(a.occurredAt) < now);
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
