import { channelLabel, lastSuccess } from "@/lib/diagnosis/facts";
import { type DiagnosisTimes } from "@/lib/diagnosis/time";
import { NO_PROBLEM_VERDICT } from "@/lib/diagnosis/verdict-strip";
import type { SubjectFacts, EvidenceItem, LoginChannel, RuleFinding } from "@/lib/diagnosis/types";

export const AGENT_CHECKLIST: readonly string[] = [
  "Confirm the customer is signing in to the right account (username and email on record), not a teammate's or another company's.",
  "Ask for the exact error message and the time of the attempt, then look for it in the timeline.",
  "Check Caps Lock and keyboard layout, and suggest a private browser window or clearing this site's cookies.",
  "Ask whether they sign in through single sign-on or Twilio rather than a password.",
];

/**
 * Added by diagnose when no rule found anything blocking or likely: the agent still
 * gets what was checked, the latest successes and a checklist.
 */
export function noProblemFound(facts: SubjectFacts, times: DiagnosisTimes): RuleFinding {
  const { subject } = facts;
  if (subject.kind === "signup") {
    const { signUp } = subject;
    return {
      code: "NO_PROBLEM_FOUND",
      severity: "informational",
      verdict: "Sign-up confirmed",
      title: "Sign-up confirmed: look up the account",
      explanation:
        `The sign-up "${signUp.username}" was confirmed${signUp.confirmedAt === null ? "" : ` on ${times.at(signUp.confirmedAt)}`}, ` +
        "so an account should exist. Search for it by username or email to diagnose it.",
      evidence: [{ label: `Sign-up ${signUp.username} <${signUp.email}>`, at: signUp.createdAt, ref: { kind: "signup", id: signUp.id } }],
      nextSteps: [`Search for "${signUp.username}" or ${signUp.email} and open the account.`, ...AGENT_CHECKLIST],
      actions: {},
      customerReply: "Thanks for getting in touch. I am checking your account now and will come back to you shortly.",
    };
  }

  const { account } = subject;
  const channels: LoginChannel[] = ["WEB", "API", "SMTP"];
  const evidence: EvidenceItem[] = [];
  const lines: string[] = [];
  for (const channel of channels) {
    const last = lastSuccess(subject.loginAttempts, [channel]);
    if (last === null) continue;
    lines.push(`${channelLabel(channel)} ${times.at(last.occurredAt)}`);
    evidence.push({
      label: `Last successful ${channelLabel(channel)} sign-in from ${last.ip}`,
      at: last.occurredAt,
      ref: { kind: "login_attempt", id: last.id },
    });
  }
  return {
    code: "NO_PROBLEM_FOUND",
    severity: "informational",
    verdict: NO_PROBLEM_VERDICT,
    title: "No account-side problem found",
    explanation:
      `The account "${account.username}" is ${account.status.toLowerCase()}, not locked, and no recent failures point to a cause. ` +
      (lines.length === 0 ? "No successful sign-in in the recent records." : `Last successes: ${lines.join("; ")}.`),
    evidence,
    nextSteps: AGENT_CHECKLIST,
    actions: {},
    customerReply:
      "I have checked your account and see nothing on our side that would stop you signing in. " +
      "Could you send me the exact message you see and roughly when you tried? Meanwhile, please check Caps Lock, " +
      `try a private browser window, and make sure you are using the username "${account.username}".`,
  };
}
