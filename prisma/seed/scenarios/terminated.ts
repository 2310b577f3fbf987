// Scenario `terminated` (built from the steps in ../kit.ts).
import { API_CLIENTS, addHistory, applyTermination, attempt, flush, serverIp, terminationDate, type ScenarioBuilder } from "@/prisma/seed/kit";
import { after, ago, HOUR, MINUTE, minDate } from "@/prisma/seed/time";

export const terminated: ScenarioBuilder = async ({ now, username, rng, start, base }) => {
  const ctx = await base({ hasIntegrations: true });
  const terminatedAt = terminationDate(now);
  addHistory(ctx, start, terminatedAt);
  await applyTermination(ctx);
  ctx.attempts.push(
    attempt(ctx, {
      teammateId: ctx.owner.id,
      channel: "WEB",
      outcome: "FAILURE",
      reason: "TERMINATED",
      usernameTried: username,
      ip: ctx.usualIp,
      userAgent: ctx.owner.userAgent,
      occurredAt: minDate(after(terminatedAt, 10 * HOUR), ago(30 * MINUTE, now)),
    }),
  );
  ctx.attempts.push(
    attempt(ctx, {
      channel: "API",
      outcome: "FAILURE",
      reason: "TERMINATED",
      apiKeyPrefix: ctx.activeKeyPrefix,
      ip: serverIp(rng),
      userAgent: API_CLIENTS[1],
      occurredAt: minDate(after(terminatedAt, 1 * HOUR), ago(40 * MINUTE, now)),
    }),
  );
  await flush(ctx);
  return ctx.result;
};
