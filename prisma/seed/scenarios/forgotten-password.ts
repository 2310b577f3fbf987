// Scenarios `forgotten_password` and `at_risk_with_forgotten_password` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, addWrongPasswords, applyAtRisk, flush, type ScenarioBuilder } from "@/prisma/seed/kit";
import { ago, DAY, HOUR } from "@/prisma/seed/time";

export const forgottenPassword: ScenarioBuilder = async ({ scenario, now, historyMonths, start, base }) => {
  const ctx = await base({ hasIntegrations: true });
  addHistory(ctx, start, ago(9 * DAY, now));
  // The integrations keep working with the old password: a reset breaks them.
  addHistory(ctx, ago(9 * DAY, now), now, { smtp: true, web: false });
  addWrongPasswords(ctx, 5, ago(3 * HOUR, now));
  if (scenario === "at_risk_with_forgotten_password") await applyAtRisk(ctx);
  else await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
