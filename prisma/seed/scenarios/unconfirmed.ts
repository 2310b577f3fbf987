// Scenario `unconfirmed` (built from the steps in ../kit.ts).
import { BROWSERS, identity, officeIp, type ScenarioBuilder } from "@/prisma/seed/kit";
import { after, ago, DAY, HOUR } from "@/prisma/seed/time";

export const unconfirmed: ScenarioBuilder = async ({ tx, scenario, now, username, email, rng }) => {
  // No account row: the platform creates it only when the link is followed.
  const createdAt = ago(2 * DAY + 3 * HOUR, now);
  const ip = officeIp(rng);
  const lastSent = ago(20 * HOUR, now);
  const signUp = await tx.signUp.create({
    data: {
      ...identity(username, email),
      createdAt,
      ip,
      confirmationsSent: 3,
      lastConfirmationSentAt: lastSent,
      confirmationExpiresAt: after(lastSent, 48 * HOUR),
      confirmedAt: null,
      accountId: null,
    },
    select: { id: true },
  });
  await tx.loginAttempt.createMany({
    data: [ago(19 * HOUR, now), ago(2 * HOUR, now)].map((occurredAt) => ({
      accountId: null,
      channel: "WEB" as const,
      outcome: "FAILURE" as const,
      reason: "UNCONFIRMED" as const,
      usernameTried: username,
      ip,
      userAgent: BROWSERS[0],
      occurredAt,
    })),
  });
  return {
    scenario,
    username,
    email,
    accountId: null,
    signUpId: signUp.id,
    parentAccountId: null,
    subuserIds: [],
    teammateIds: [],
    ownerTeammateId: null,
    apiKeyIds: [],
    integrationIds: [],
    dedicatedIpIds: [],
    invoiceIds: [],
    banId: null,
    usualIp: ip,
  };
};
