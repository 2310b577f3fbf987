// Scenarios `banned` and `banned_with_wrong_password` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, addPostBanFailures, addWrongPasswords, applyBan, flush, type ScenarioBuilder } from "@/prisma/seed/kit";
import { ago, DAY, HOUR } from "@/prisma/seed/time";

export const banned: ScenarioBuilder = async ({ scenario, now, username, start, base, historyMonths }) => {
  const ctx = await base({ hasDedicatedIps: true, plan: "pro" });
  const bannedAt = ago(scenario === "banned" ? 4 * DAY : 10 * DAY, now);
  addHistory(ctx, start, bannedAt);
  await applyBan(ctx, bannedAt, [`${username}-sub1`, `${username}-sub2`]);
  addPostBanFailures(ctx, bannedAt);
  if (scenario === "banned_with_wrong_password") {
    // The customer assumes a wrong password and keeps trying.
    addWrongPasswords(ctx, 4, ago(5 * HOUR, now));
  }
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
