import { actorName, channelsOf, isFailure, isResolvedLater, lastSuccess, newestFirst, plural } from "../facts";
import { formatUtc, formatUtcDate, isRecent } from "../time";
import type { AccountSubject, EvidenceItem, LoginAttemptFacts } from "../types";
import { accountRule, attemptEvidence } from "./rule";

/** What the records say about one rejected key prefix or api_user, for the agent. */
function explainCredential(subject: AccountSubject, failure: LoginAttemptFacts): { text: string; evidence: EvidenceItem | null; customer: string } {
  const prefix = failure.apiKeyPrefix;
  if (prefix !== null) {
    // Either may be the longer string: the platform stores a fixed-length prefix, the
    // attempt logs what it could read.
    const key = subject.apiKeys.find((k) => k.prefix.startsWith(prefix) || prefix.startsWith(k.prefix));
    if (key === undefined) {
      return {
        text: `No key on this account starts with ${prefix}: mistyped, from another account, or deleted.`,
        evidence: null,
        customer: `The API key your integration sends (starting ${prefix}) is not one of your account's keys.`,
      };
    }
    if (key.revokedAt !== null) {
      const by = key.revokedById === null ? "the shared account login" : actorName(subject, key.revokedById);
      return {
        text: `Key ${key.prefix} ("${key.name}") was revoked on ${formatUtc(key.revokedAt)} by ${by}.`,
        evidence: { label: `API key ${key.prefix} "${key.name}" revoked by ${by}`, at: key.revokedAt, ref: { kind: "api_key", id: key.id } },
        customer: `The API key your integration sends (starting ${key.prefix}) was revoked on ${formatUtcDate(key.revokedAt)}.`,
      };
    }
    return {
      text: `Key ${key.prefix} ("${key.name}") exists and is active: the rest of the key is probably mistyped or truncated.`,
      evidence: { label: `API key ${key.prefix} "${key.name}" is active`, at: key.createdAt, ref: { kind: "api_key", id: key.id } },
      customer: `The API key your integration sends (starting ${key.prefix}) does not match in full; it may be mistyped or cut short.`,
    };
  }
  const user = failure.usernameTried;
  if (user !== null) {
    const lower = user.toLowerCase();
    const teammate = subject.teammates.find((t) => t.username.toLowerCase() === lower);
    if (teammate !== undefined && teammate.deletedAt !== null) {
      return {
        text: `api_user "${user}" is teammate ${teammate.username}, deleted on ${formatUtc(teammate.deletedAt)}.`,
        evidence: { label: `Teammate ${teammate.username} deleted`, at: teammate.deletedAt, ref: { kind: "teammate", id: teammate.id } },
        customer: `Your integration signs in as "${user}", a user that was removed from your account on ${formatUtcDate(teammate.deletedAt)}.`,
      };
    }
    const integration = subject.integrations.find((i) => i.apiUser.toLowerCase() === lower);
    if (integration !== undefined) {
      return {
        text: `api_user "${user}" is the one integration "${integration.name}" uses: its password (api_key) no longer matches.`,
        evidence: { label: `Integration "${integration.name}" (${integration.kind === "SMTP_RELAY" ? "SMTP relay" : "legacy API"})`, at: integration.lastUsedAt, ref: { kind: "integration", id: integration.id } },
        customer: `Your integration "${integration.name}" is sending a password that no longer matches your account.`,
      };
    }
    return {
      text: `api_user "${user}" is not recognised: mistyped or from another account.`,
      evidence: null,
      customer: `The user name your integration sends ("${user}") is not recognised.`,
    };
  }
  return { text: "The request carried no key or user we can match.", evidence: null, customer: "The credentials your integration sends are not recognised." };
}

/**
 * API and SMTP requests refused because the api_user / API key (or the password a
 * legacy integration sends) is not recognised. A failure is settled once the same
 * key or user later succeeds on the same channel. Support has nothing to send here:
 * a new password does not fix a key.
 */
export const apiCredentialsRejected = accountRule("API_CREDENTIALS_REJECTED", (subject, now) => {
  const all = [...subject.loginAttempts, ...subject.unknownUsernameAttempts];
  const failures = all
    .filter(
      (a) =>
        (a.channel === "API" || a.channel === "SMTP") &&
        isFailure(a, ["BAD_API_KEY", "WRONG_PASSWORD", "UNKNOWN_USERNAME"]) &&
        isRecent(a.occurredAt, now) &&
        !isResolvedLater(a, all, (f, s) => f.apiKeyPrefix === s.apiKeyPrefix && f.usernameTried === s.usernameTried),
    )
    .sort(newestFirst);
  const newest = failures[0];
  if (newest === undefined) return null;
  const oldest = failures[failures.length - 1] ?? newest;
  const success = lastSuccess(subject.loginAttempts, ["API", "SMTP"]);

  // One explanation per distinct credential, newest first.
  const seen = new Set<string>();
  const explained: ReturnType<typeof explainCredential>[] = [];
  for (const f of failures) {
    const key = `${f.apiKeyPrefix ?? ""}|${f.usernameTried ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    explained.push(explainCredential(subject, f));
  }
  const primary = explained[0] ?? explainCredential(subject, newest);

  return {
    code: "API_CREDENTIALS_REJECTED",
    severity: "likely",
    title: `API credentials rejected ${plural(failures.length, "time")} since ${formatUtcDate(oldest.occurredAt)} (${channelsOf(failures)})`,
    explanation:
      `${plural(failures.length, "request")} refused since ${formatUtc(oldest.occurredAt)} because the api_user or API key was not recognised; ` +
      `last at ${formatUtc(newest.occurredAt)}. ` +
      (success === null ? "No successful API or SMTP request in the recent records. " : `Last successful API/SMTP request: ${formatUtc(success.occurredAt)}. `) +
      explained.map((e) => e.text).join(" "),
    evidence: [...explained.flatMap((e) => (e.evidence === null ? [] : [e.evidence])), ...attemptEvidence(failures)],
    nextSteps: [
      "Explain which credential is refused; nothing needs sending: a password reset does not fix an API key.",
      "The customer creates a new API key (or restores the user) in their settings and updates the integration with it.",
    ],
    actions: {},
    customerReply:
      `Requests from your integration are being refused. ${primary.customer} ` +
      "Please create a new API key in your account settings (or correct the one configured) and update the integration with it; " +
      "resetting your sign-in password will not fix this.",
  };
});
