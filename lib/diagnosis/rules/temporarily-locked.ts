import { isFailure, plural } from "@/lib/diagnosis/facts";
import { formatDuration, isRecent } from "@/lib/diagnosis/time";
import { accountRule, attemptEvidence } from "./rule";
import { lockedVerdict } from "@/lib/diagnosis/verdict-strip";

/**
 * The platform locks sign-in for a while after repeated failures. Only an active lock
 * (lockedUntil after now) is a finding: an expired one explains nothing today.
 */
export const temporarilyLocked = accountRule("TEMPORARILY_LOCKED", (subject, now, times) => {
  const until = subject.account.lockedUntil;
  if (until === null || until.getTime() <= now.getTime()) return null;
  const refused = subject.loginAttempts.filter((a) => isFailure(a, ["LOCKED"]) && isRecent(a.occurredAt, now));
  const remaining = formatDuration(until.getTime() - now.getTime());
  return {
    code: "TEMPORARILY_LOCKED",
    severity: "blocking",
    verdict: lockedVerdict(until, now),
    title: `Locked until ${times.at(until)} (${remaining} from now)`,
    explanation:
      `Sign-in is locked until ${times.at(until)} after repeated failures; until then even the right password is refused. ` +
      (refused.length === 0 ? "No attempt has hit the lock yet." : `${plural(refused.length, "attempt")} refused by the lock so far.`),
    evidence: [{ label: `Locked until ${times.at(until)}`, at: until, ref: { kind: "account", id: subject.account.id } }, ...attemptEvidence(refused, times)],
    nextSteps: [
      `Ask the customer to wait until ${times.at(until)} before trying again; more attempts do not help.`,
      "If they do not know the password, a reset can be sent now, but they can only sign in once the lock ends.",
    ],
    actions: {},
    customerReply:
      `After several unsuccessful sign-in attempts, your account is paused for your protection until ${times.at(until)}. ` +
      "Please wait until then before trying again; further attempts during the pause will not get through.",
  };
});
