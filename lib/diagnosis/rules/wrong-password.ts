import { plural, unresolvedFailures } from "@/lib/diagnosis/facts";
import { accountRule, attemptEvidence } from "./rule";

/**
 * Forgotten password: web sign-ins refused for a wrong password since the last
 * successful web sign-in (within the recent window). Unified-login accounts are left
 * to UNIFIED_LOGIN_REQUIRED, which explains those failures better.
 */
export const wrongPassword = accountRule("WRONG_PASSWORD", (subject, now, times) => {
  if (subject.account.loginMethod === "UNIFIED_LOGIN") return null;
  const run = unresolvedFailures(subject.loginAttempts, now, ["WEB"], ["WRONG_PASSWORD"]);
  const last = run.failures[0];
  if (last === undefined) return null;
  const n = run.failures.length;
  const first = run.failures[n - 1] ?? last;
  const usernames = [...new Set(run.failures.map((f) => f.usernameTried).filter((u) => u !== null))];
  const ips = [...new Set(run.failures.map((f) => f.ip))];
  const names = subject.integrations.map((i) => `"${i.name}"`);
  const integrationsNote =
    "anything that sends email through us with your account password " +
    (names.length > 0 ? `(such as ${names.join(", ")}) ` : "(for example an SMTP relay or an older API setup) ") +
    "will stop working until you update it with the new password.";

  return {
    code: "WRONG_PASSWORD",
    severity: "likely",
    verdict: `Wrong password × ${n}`,
    title: `Wrong password ${n === 1 ? "once" : `${n} times`} since ${times.date(first.occurredAt)} (web); last at ${times.at(last.occurredAt)}`,
    explanation:
      `${plural(n, "web sign-in")} refused for a wrong password since ${times.at(first.occurredAt)}` +
      `${usernames.length > 0 ? ` with username ${usernames.map((u) => `"${u}"`).join(", ")}` : ""}, ` +
      `from ${plural(ips.length, "IP")} (${ips.join(", ")}). ` +
      (run.lastSuccess === null ? "No successful web sign-in in the last 30 days." : `Last successful web sign-in: ${times.at(run.lastSuccess.occurredAt)}.`),
    evidence: attemptEvidence(run.failures, times),
    nextSteps: [
      `Send a password reset to the address on record (${subject.account.email}).`,
      names.length > 0
        ? `Warn the customer that ${names.join(", ")} use${names.length === 1 ? "s" : ""} the account password and will stop working until updated with the new one.`
        : "Warn the customer that anything sending mail with the account password (SMTP, older API setups) will need the new password.",
    ],
    actions: {
      send_password_reset: { allowed: true, reason: "The customer is signing in with a password that no longer matches." },
    },
    customerReply:
      "The password you have been signing in with does not match your account. I can send a password reset link to the " +
      `email address on your account. Before you choose a new password, please note that ${integrationsNote}`,
    sentReply: {
      action: "send_password_reset",
      opening: "I sent a password reset link to the email address on your account at",
      rest: `. The link can be used once. Please note that ${integrationsNote}`,
    },
  };
});
