// Scenario `unified_login` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, attempt, flush, type ScenarioBuilder } from "@/prisma/seed/kit";
import { ago, DAY, HOUR } from "@/prisma/seed/time";

export const unifiedLogin: ScenarioBuilder = async ({ now, username, start, base, historyMonths }) => {
  const ctx = await base({ loginMethod: "UNIFIED_LOGIN" });
  addHistory(ctx, start, ago(3 * DAY, now));
  // Local username + password tried on the platform's own form: refused.
  for (const h of [20, 6, 1]) {
    ctx.attempts.push(
      attempt(ctx, {
        teammateId: ctx.owner.id,
        channel: "WEB",
        outcome: "FAILURE",
        reason: "UNIFIED_LOGIN_REQUIRED",
        usernameTried: username,
        ip: ctx.usualIp,
        userAgent: ctx.owner.userAgent,
        occurredAt: ago(h * HOUR, now),
      }),
    );
  }
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
