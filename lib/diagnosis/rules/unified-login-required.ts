import { PARENT_COMPANY, channelsOf, plural, unresolvedFailures } from "@/lib/diagnosis/facts";
import { UNIFIED_BLOCKING_VERDICT, UNIFIED_INFO_VERDICT } from "@/lib/diagnosis/verdict-strip";
import { accountRule, attemptEvidence } from "./rule";

const USE_PARENT = `This account signs in with its ${PARENT_COMPANY} credentials, so a password or username kept here is not used. The customer recovers access through ${PARENT_COMPANY}'s own sign-in recovery.`;

/**
 * Unified-login accounts sign in with the parent company's identity. Blocking when
 * someone has recently tried local credentials (they will keep failing), otherwise
 * informational: the agent still needs to know before offering anything.
 */
export const unifiedLoginRequired = accountRule("UNIFIED_LOGIN_REQUIRED", (subject, now, times) => {
  const { account } = subject;
  if (account.loginMethod !== "UNIFIED_LOGIN") return null;
  const run = unresolvedFailures(subject.loginAttempts, now, ["WEB"], ["UNIFIED_LOGIN_REQUIRED", "WRONG_PASSWORD", "UNKNOWN_USERNAME"]);
  const tried = run.failures.length;
  const last = run.failures[0];
  const attemptsText =
    last === undefined
      ? "No recent sign-in failed with local credentials."
      : `${plural(tried, "sign-in")} with local credentials failed since ${times.at((run.failures[tried - 1] ?? last).occurredAt)} (${channelsOf(run.failures)}); last at ${times.at(last.occurredAt)}.`;

  return {
    code: "UNIFIED_LOGIN_REQUIRED",
    severity: tried > 0 ? "blocking" : "informational",
    verdict: tried > 0 ? UNIFIED_BLOCKING_VERDICT : UNIFIED_INFO_VERDICT,
    title: tried > 0 ? `Must sign in with ${PARENT_COMPANY}: ${plural(tried, "local sign-in")} failed` : `Signs in with ${PARENT_COMPANY} (unified login)`,
    explanation:
      `This account uses unified login (${PARENT_COMPANY} user ${account.unifiedLoginId ?? "id not on record"}): the customer signs in ` +
      `with the ${PARENT_COMPANY} email and password, not a password of this platform. An email already confirmed with ` +
      `${PARENT_COMPANY} needs no second confirmation here. ${attemptsText}`,
    evidence: [
      { label: `Login method: unified login (${PARENT_COMPANY})`, at: null, ref: { kind: "account", id: account.id } },
      ...attemptEvidence(run.failures, times),
    ],
    nextSteps: [
      `Tell the customer to use "Sign in with ${PARENT_COMPANY}" and their ${PARENT_COMPANY} credentials.`,
      `If they forgot those, they reset them with ${PARENT_COMPANY}; this console cannot.`,
    ],
    actions: {
      send_password_reset: { allowed: false, reason: USE_PARENT },
      send_username_recovery: { allowed: false, reason: USE_PARENT },
      resend_confirmation: {
        allowed: false,
        reason: `The email was confirmed through ${PARENT_COMPANY}; no second confirmation is needed.`,
      },
    },
    customerReply:
      `Your account is set up to sign in with your ${PARENT_COMPANY} account. Please choose "Sign in with ${PARENT_COMPANY}" ` +
      `and use your ${PARENT_COMPANY} email and password. If you no longer know that password, you can reset it from ` +
      `${PARENT_COMPANY}'s sign-in page. Your email is already confirmed there, so there is nothing to confirm again here.`,
  };
});
