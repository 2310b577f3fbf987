// Scenarios `credentials_changed` and `credentials_changed_then_locked` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, addTeammatePasswordChange, addWrongPasswords, flush, lockOut, type ScenarioBuilder } from "@/prisma/seed/kit";
import { after, ago, HOUR } from "@/prisma/seed/time";

export const credentialsChanged: ScenarioBuilder = async ({ scenario, options, now, start, base, historyMonths }) => {
  const ctx = await base({ minTeammates: 2 });
  const changedAt = ago(26 * HOUR, now);
  addHistory(ctx, start, changedAt);
  await addTeammatePasswordChange(ctx, changedAt);
  if (scenario === "credentials_changed") {
    addWrongPasswords(ctx, 3, after(changedAt, 2 * HOUR));
  } else {
    await lockOut(ctx, after(changedAt, 20 * HOUR), options.lockedForMs);
  }
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
