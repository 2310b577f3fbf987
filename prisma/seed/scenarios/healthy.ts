// Scenario `healthy` (built from the steps in ../kit.ts).
import { API_CLIENTS, SMTP_CLIENTS, addHistory, addPlanInvoices, attempt, flush, serverIp, type ScenarioBuilder } from "@/prisma/seed/kit";
import { ago, HOUR, MINUTE } from "@/prisma/seed/time";

export const healthy: ScenarioBuilder = async ({ now, username, rng, historyMonths, start, base }) => {
  const ctx = await base();
  addHistory(ctx, start, now);
  // Make sure every channel has a recent success to show.
  ctx.attempts.push(
    attempt(ctx, {
      teammateId: ctx.owner.id,
      channel: "WEB",
      outcome: "SUCCESS",
      usernameTried: username,
      ip: ctx.usualIp,
      userAgent: ctx.owner.userAgent,
      occurredAt: ago(2 * HOUR, now),
    }),
  );
  ctx.attempts.push(
    attempt(ctx, {
      channel: "API",
      outcome: "SUCCESS",
      apiKeyPrefix: ctx.activeKeyPrefix,
      ip: serverIp(rng),
      userAgent: API_CLIENTS[0],
      occurredAt: ago(15 * MINUTE, now),
    }),
  );
  ctx.attempts.push(
    attempt(ctx, {
      channel: "SMTP",
      outcome: "SUCCESS",
      usernameTried: username,
      ip: serverIp(rng),
      userAgent: SMTP_CLIENTS[0],
      occurredAt: ago(25 * MINUTE, now),
    }),
  );
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
