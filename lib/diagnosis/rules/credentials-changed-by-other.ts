import { actorName, channelsOf, hasOtherTeammates, isFailure, isResolvedLater, newestFirst, plural } from "@/lib/diagnosis/facts";
import { isRecent } from "@/lib/diagnosis/time";
import type { CredentialChangeFacts, CredentialKind, LoginAttemptFacts } from "@/lib/diagnosis/types";
import { accountRule, attemptEvidence } from "./rule";

const KIND_LABELS: Partial<Record<CredentialKind, string>> = {
  PASSWORD: "password",
  USERNAME: "username",
  EMAIL: "email address",
  // A revoked API key followed by rejected API calls is the API rule's finding: it
  // names the key and who revoked it, and the fix is a new key, not a password reset.
};

/**
 * Shared logins are the usual cause: someone else with the same credentials changed
 * them. A change counts when, within the recent window, failures followed it from a
 * different identity than the one who made it, or when it was made through the shared
 * account login (several people may hold it, so "who" is unknown). A teammate who
 * changed their own password and then fails is a plain forgotten password instead.
 * So is a change through the account login of a one-person account (no teammate
 * besides the owner): the only person who holds that login is the customer.
 */
export const credentialsChangedByOther = accountRule("CREDENTIALS_CHANGED_BY_OTHER", (subject, now, times) => {
  const candidates = subject.credentialChanges.filter((c) => KIND_LABELS[c.kind] !== undefined && isRecent(c.occurredAt, now)).sort(newestFirst);

  const onePerson = !hasOtherTeammates(subject);
  const ownerIds = new Set(subject.teammates.filter((t) => t.level === "OWNER").map((t) => t.id));
  let match: { change: CredentialChangeFacts; failures: LoginAttemptFacts[] } | null = null;
  for (const change of candidates) {
    if (onePerson && (change.teammateId === null || ownerIds.has(change.teammateId))) continue;
    const failures = subject.loginAttempts
      .filter(
        (a) =>
          isFailure(a, ["WRONG_PASSWORD", "UNKNOWN_USERNAME", "BAD_API_KEY"]) &&
          a.occurredAt.getTime() > change.occurredAt.getTime() &&
          (change.teammateId === null || a.teammateId !== change.teammateId) &&
          !isResolvedLater(a, subject.loginAttempts, (f, s) => f.teammateId === s.teammateId),
      )
      .sort(newestFirst);
    if (failures.length > 0) {
      match = { change, failures };
      break;
    }
  }
  if (match === null) return null;

  const { change, failures } = match;
  const what = KIND_LABELS[change.kind] ?? "credentials";
  const by = change.teammateId === null ? `"${change.actorLabel}" (the shared account login)` : actorName(subject, change.teammateId);
  const from = change.ip === null ? "" : ` from ${change.ip}`;
  const victimNames = [...new Set(failures.map((f) => actorName(subject, f.teammateId)))];
  const victims = `${victimNames.join(", ")}, who probably still ${victimNames.length === 1 ? "has" : "have"} the old details`;
  const others = candidates.filter((c) => c.id !== change.id);

  return {
    code: "CREDENTIALS_CHANGED_BY_OTHER",
    severity: "likely",
    verdict: `${what[0]?.toUpperCase() ?? ""}${what.slice(1)} changed by ${change.teammateId === null ? "the shared account login" : actorName(subject, change.teammateId)}`,
    title: `${what[0]?.toUpperCase() ?? ""}${what.slice(1)} changed by ${by} on ${times.at(change.occurredAt)}`,
    explanation:
      `The ${what} was changed by ${by} on ${times.at(change.occurredAt)}${from}. Since then ` +
      `${plural(failures.length, "sign-in")} failed (${channelsOf(failures)}) for ${victims}. ` +
      "Whoever made the change can share the new details, or the customer can set their own.",
    evidence: [
      {
        label: `${what} changed by ${change.actorLabel}${from}${change.detail === null ? "" : ` (${change.detail})`}`,
        at: change.occurredAt,
        ref: { kind: "credential_change", id: change.id },
      },
      ...attemptEvidence(failures, times),
      ...others.map((c) => ({
        label: `Also: ${KIND_LABELS[c.kind] ?? c.kind} changed by ${c.actorLabel}`,
        at: c.occurredAt,
        ref: { kind: "credential_change" as const, id: c.id },
      })),
    ],
    nextSteps: [
      change.teammateId === null
        ? "Ask the customer who else uses the shared account login: one of them made the change."
        : `Ask the customer to check with ${by}, who made the change.`,
      "Suggest giving each person their own teammate login with only the permissions they need, instead of sharing one.",
      "If they cannot reach that person, send a password reset (note the integrations it breaks).",
    ],
    actions: {
      send_password_reset: {
        allowed: true,
        reason: "Lets the customer set a password they know if whoever changed it cannot share it.",
      },
    },
    customerReply:
      `Our records show your account's ${what} was changed on ${times.date(change.occurredAt)}` +
      `${change.teammateId === null ? " using your shared account login" : ` by ${change.actorLabel}`}. ` +
      "If other people or teams use the same login, please check with them first: they may have the new details. " +
      "To avoid this in future, you can give each person their own teammate login with only the access they need.",
  };
});
