import { plural, unresolvedFailures } from "@/lib/diagnosis/facts";
import { accountRule, attemptEvidence } from "./rule";

/**
 * Forgotten username: web sign-ins with usernames that match no account, from IPs
 * this account has used (the data layer links them by IP), since the account's last
 * successful web sign-in.
 */
export const unknownUsername = accountRule("UNKNOWN_USERNAME", (subject, now, times) => {
  if (subject.account.loginMethod === "UNIFIED_LOGIN") return null;
  const run = unresolvedFailures([...subject.loginAttempts, ...subject.unknownUsernameAttempts], now, ["WEB"], ["UNKNOWN_USERNAME"]);
  const last = run.failures[0];
  if (last === undefined) return null;
  const n = run.failures.length;
  const first = run.failures[n - 1] ?? last;
  const tried = [...new Set(run.failures.map((f) => f.usernameTried).filter((u) => u !== null))];
  const knownIps = new Set(subject.loginAttempts.map((a) => a.ip));
  const matchingIps = [...new Set(run.failures.map((f) => f.ip))].filter((ip) => knownIps.has(ip));
  const triedText = tried.length === 0 ? "" : ` (tried: ${tried.map((u) => `"${u}"`).join(", ")})`;

  return {
    code: "UNKNOWN_USERNAME",
    severity: "likely",
    verdict: `Unknown username × ${n}`,
    title: `Username not recognised ${n === 1 ? "once" : `${n} times`} since ${times.date(first.occurredAt)}`,
    explanation:
      `${plural(n, "web sign-in")} since ${times.at(first.occurredAt)} used a username that matches no account${triedText}, ` +
      `last at ${times.at(last.occurredAt)}` +
      (matchingIps.length > 0 ? `, from ${plural(matchingIps.length, "IP")} this account also used (${matchingIps.join(", ")})` : "") +
      `. The account's username is "${subject.account.username}".`,
    evidence: attemptEvidence(run.failures, times),
    nextSteps: [
      `Send a username reminder to the address on record (${subject.account.email}).`,
      "Check the customer is not mixing up their username with their email address or a teammate's username.",
    ],
    actions: {
      send_username_recovery: { allowed: true, reason: "The customer is signing in with a username that does not exist." },
    },
    customerReply:
      "The username you have been signing in with does not match your account. " +
      "I can send a reminder of your username to the email address on your account; just let me know.",
    sentReply: {
      action: "send_username_recovery",
      opening:
        "The username you have been signing in with does not match your account. I sent a reminder of your username to the email address on your account at",
      rest: ".",
    },
  };
});
