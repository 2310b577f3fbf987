// Scenario `locked` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, flush, lockOut, type ScenarioBuilder } from "@/prisma/seed/kit";
import { ago, DAY, MINUTE } from "@/prisma/seed/time";

export const locked: ScenarioBuilder = async ({ options, now, start, base, historyMonths }) => {
  const ctx = await base();
  addHistory(ctx, start, ago(2 * DAY, now));
  await lockOut(ctx, ago(40 * MINUTE, now), options.lockedForMs);
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
