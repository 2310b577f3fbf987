// Scenario `banned_subuser` (built from the steps in ../kit.ts).
import { identity, lookupKey, type ScenarioBuilder } from "@/prisma/seed/kit";

export const bannedSubuser: ScenarioBuilder = async ({ tx, scenario, now, username, email, historyMonths, seed }) => {
  // The parent is built as a banned account whose first subuser is this username.
  const parent = await seed(tx, { scenario: "banned", now, username: `${username}-parent`, email: `parent.${email}`, historyMonths });
  // Rename the generated subuser to the requested name so callers get what they asked for.
  const subId = parent.subuserIds[0];
  if (subId == null || parent.accountId == null) throw new Error("banned parent has no subuser");
  await tx.account.update({
    where: { id: subId },
    data: { ...identity(username, email) },
  });
  const sub = await tx.account.findUniqueOrThrow({
    where: { id: subId },
    select: {
      signUp: { select: { id: true } },
      teammates: { select: { id: true, level: true }, orderBy: { id: "asc" } },
      apiKeys: { select: { id: true } },
      integrations: { select: { id: true } },
      ban: { select: { id: true } },
    },
  });
  const owner = sub.teammates.find((t) => t.level === "OWNER");
  if (owner) {
    await tx.teammate.update({
      where: { id: owner.id },
      data: { ...identity(username, email) },
    });
  }
  if (sub.signUp) {
    await tx.signUp.update({
      where: { id: sub.signUp.id },
      data: { ...identity(username, email) },
    });
  }
  await tx.passwordIntegration.updateMany({ where: { accountId: subId }, data: { apiUser: username, apiUserLower: lookupKey(username) } });
  return {
    scenario,
    username,
    email,
    accountId: subId,
    signUpId: sub.signUp?.id ?? parent.signUpId,
    parentAccountId: parent.accountId,
    subuserIds: [],
    teammateIds: sub.teammates.map((t) => t.id),
    ownerTeammateId: owner?.id ?? null,
    apiKeyIds: sub.apiKeys.map((k) => k.id),
    integrationIds: sub.integrations.map((i) => i.id),
    dedicatedIpIds: [],
    invoiceIds: [],
    banId: sub.ban?.id ?? null,
    usualIp: null,
  };
};
