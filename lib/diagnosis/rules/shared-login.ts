import { plural } from "@/lib/diagnosis/facts";
import { accountRule } from "./rule";

/**
 * The whole team signs in with the account's one login while integrations (an SMTP relay,
 * a legacy API setup) send its password: the permissions audit flags it "Shared login"
 * (lib/model/teammate-flags.ts, same condition: one live login, at least one password
 * integration). Nothing is broken, so it is informational, but it is why a password change
 * by anyone locks everyone else out and stops the integrations: the agent should know it
 * before sending a reset, and the customer should hear the fix (a teammate each).
 */
export const sharedLogin = accountRule("SHARED_LOGIN", (subject) => {
  const live = subject.teammates.filter((t) => t.deletedAt === null);
  const integrations = subject.integrations;
  if (live.length !== 1 || integrations.length === 0) return null;
  const names = integrations.map((i) => `"${i.name}"`).join(", ");
  return {
    code: "SHARED_LOGIN",
    severity: "informational",
    verdict: "Shared login",
    title: `The whole team shares one login, and ${plural(integrations.length, "integration")} use${integrations.length === 1 ? "s" : ""} its password`,
    explanation:
      `The account has no teammate logins besides its own, so everyone signs in with it, and ${names} send${integrations.length === 1 ? "s" : ""} its password. ` +
      "A password change by any one person signs out everyone else and stops those integrations until they are updated.",
    evidence: integrations.map((i) => ({
      label: `Integration "${i.name}" (${i.kind === "SMTP_RELAY" ? "SMTP relay" : "legacy API"}) uses the account password`,
      at: i.lastUsedAt,
      ref: { kind: "integration", id: i.id },
    })),
    nextSteps: [
      "Before any password reset, tell the customer that everyone sharing the login and the integrations will need the new password.",
      "Suggest a teammate login for each person and API keys for the integrations.",
    ],
    actions: {},
    customerReply:
      "I can see that everyone on your team signs in with the same login, and that your integrations use its password. " +
      "If anyone changes that password, everyone else and those integrations stop working until they get the new one. " +
      "We recommend giving each person their own teammate login and switching the integrations to API keys.",
  };
});
