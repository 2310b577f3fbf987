// Scenario `forgotten_username` (built from the steps in ../kit.ts).
import { addHistory, addPlanInvoices, flush, type ScenarioBuilder } from "@/prisma/seed/kit";
import { ago, DAY, MINUTE } from "@/prisma/seed/time";

export const forgottenUsername: ScenarioBuilder = async ({ now, username, email, start, base, historyMonths }) => {
  const ctx = await base();
  addHistory(ctx, start, ago(20 * DAY, now));
  // Usernames that match no account, from the IP the owner always signs in from.
  const local = email.slice(0, email.indexOf("@"));
  const tried = [local, `${username}1`, username.replace(/-/g, "_"), email];
  tried.forEach((usernameTried, i) => {
    ctx.attempts.push({
      accountId: null,
      channel: "WEB",
      outcome: "FAILURE",
      reason: "UNKNOWN_USERNAME",
      usernameTried,
      ip: ctx.usualIp,
      userAgent: ctx.owner.userAgent,
      occurredAt: ago((4 - i) * 25 * MINUTE, now),
    });
  });
  await addPlanInvoices(ctx, historyMonths);
  await flush(ctx);
  return ctx.result;
};
