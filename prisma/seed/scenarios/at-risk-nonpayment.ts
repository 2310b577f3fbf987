// Scenario `at_risk_nonpayment` (built from the steps in ../kit.ts).
import { addHistory, applyAtRisk, flush, type ScenarioBuilder } from "@/prisma/seed/kit";

export const atRiskNonpayment: ScenarioBuilder = async ({ now, start, base }) => {
  const ctx = await base();
  addHistory(ctx, start, now);
  await applyAtRisk(ctx);
  await flush(ctx);
  return ctx.result;
};
