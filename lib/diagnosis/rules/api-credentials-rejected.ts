import { actorName, channelsOf, distinct, isFailure, isResolvedLater, lastSuccess, newestFirst, plural, reasonLabel } from "@/lib/diagnosis/facts";
import { isRecent, type DiagnosisTimes } from "@/lib/diagnosis/time";
import type { AccountSubject, EvidenceItem, LoginAttemptFacts } from "@/lib/diagnosis/types";
import { accountRule, attemptEvidence } from "./rule";

/** What the records say about one rejected key prefix or api_user, for the agent. */
interface CredentialExplanation {
  /** For the agent. */
  text: string;
  evidence: EvidenceItem | null;
  /** What is wrong, in the customer's words. */
  customer: string;
  /** What the customer should do about it. */
  fix: string;
  /** The real cause in a few words, for the verdict strip; null when only the count says it. */
  verdict: string | null;
}

const NEW_KEY = "Please create a new API key in your account settings and update your integration with it.";

function explainCredential(subject: AccountSubject, failure: LoginAttemptFacts, times: DiagnosisTimes): CredentialExplanation {
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
        fix: "Please check the key configured in your integration, or create a new API key in your account settings and use that.",
        verdict: `Unknown API key ${prefix}…`,
      };
    }
    if (key.revokedAt !== null) {
      const by = actorName(subject, key.revokedById);
      return {
        text: `Key ${key.prefix} ("${key.name}") was revoked on ${times.at(key.revokedAt)} by ${by}.`,
        evidence: { label: `API key ${key.prefix} "${key.name}" revoked by ${by}`, at: key.revokedAt, ref: { kind: "api_key", id: key.id } },
        customer: `The API key your integration sends (starting ${key.prefix}) was revoked on ${times.date(key.revokedAt)}.`,
        fix: NEW_KEY,
        verdict: `API key ${key.prefix}… revoked by ${by}`,
      };
    }
    return {
      text: `Key ${key.prefix} ("${key.name}") exists and is active: the rest of the key is probably mistyped or truncated.`,
      evidence: { label: `API key ${key.prefix} "${key.name}" is active`, at: key.createdAt, ref: { kind: "api_key", id: key.id } },
      customer: `The API key your integration sends (starting ${key.prefix}) does not match in full; it may be mistyped or cut short.`,
      fix: "Please copy the full key into your integration again; if you no longer have it, create a new API key and use that.",
      verdict: `API key ${key.prefix}… sent incomplete`,
    };
  }
  const user = failure.usernameTried;
  if (user !== null) {
    const lower = user.toLowerCase();
    const teammate = subject.teammates.find((t) => t.username.toLowerCase() === lower);
    if (teammate !== undefined && teammate.deletedAt !== null) {
      return {
        text: `api_user "${user}" is teammate ${teammate.username}, deleted on ${times.at(teammate.deletedAt)}.`,
        evidence: { label: `Teammate ${teammate.username} deleted`, at: teammate.deletedAt, ref: { kind: "teammate", id: teammate.id } },
        customer: `Your integration signs in as "${user}", a user that was removed from your account on ${times.date(teammate.deletedAt)}.`,
        fix: "Please switch the integration to an API key created from an active user.",
        verdict: `API user "${user}" was deleted`,
      };
    }
    const integration = subject.integrations.find((i) => i.apiUser.toLowerCase() === lower);
    if (integration !== undefined) {
      return {
        text: `api_user "${user}" is the user integration "${integration.name}" signs in with: the password it sends no longer matches the account password.`,
        evidence: {
          label: `Integration "${integration.name}" (${integration.kind === "SMTP_RELAY" ? "SMTP relay" : "legacy API"})`,
          at: integration.lastUsedAt,
          ref: { kind: "integration", id: integration.id },
        },
        customer: `Your integration "${integration.name}" is sending a password that no longer matches your account.`,
        fix: `Please update "${integration.name}" with your current account password, or better, switch it to an API key.`,
        verdict: `"${integration.name}" sends an old password`,
      };
    }
    // The platform knew the user and refused what came with it: saying the user is not
    // recognised would send the customer to fix the one thing that is right.
    const knownAs =
      subject.account.username.toLowerCase() === lower
        ? "the account's own username"
        : teammate === undefined
          ? null
          : `the username of ${actorName(subject, teammate.id)}`;
    if (knownAs !== null && failure.reason !== "UNKNOWN_USERNAME") {
      const secret = failure.reason === "BAD_API_KEY" ? "API key" : "password";
      return {
        text: `api_user "${user}" is ${knownAs}: the user is right, the ${secret} sent with it is what failed.`,
        evidence: null,
        customer: `Your integration signs in as "${user}", which is a user on your account, but the ${secret} it sends does not match.`,
        fix: secret === "password" ? "Please update the integration with the current password for that user, or better, switch it to an API key." : NEW_KEY,
        verdict: null,
      };
    }
    return {
      text: `api_user "${user}" is not recognised: mistyped or from another account.`,
      evidence: null,
      customer: `The user name your integration sends ("${user}") is not recognised.`,
      fix: "Please check the user name configured in your integration, or switch it to an API key.",
      verdict: null,
    };
  }
  return {
    text: "The request carried no key or user we can match.",
    evidence: null,
    customer: "The credentials your integration sends are not recognised.",
    fix: NEW_KEY,
    verdict: null,
  };
}

/**
 * API and SMTP requests refused because the api_user or API key is not recognised, or
 * the password sent with a known user (a legacy integration's, say) is wrong. A
 * failure is settled once the same key or user later succeeds on the same channel.
 * Support has nothing to send here: a new password does not fix a key.
 */
export const apiCredentialsRejected = accountRule("API_CREDENTIALS_REJECTED", (subject, now, times) => {
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
  const explained: CredentialExplanation[] = [];
  for (const f of failures) {
    const key = `${f.apiKeyPrefix ?? ""}|${f.usernameTried ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const explanation = explainCredential(subject, f, times);
    // Two prefixes of one key (the platform logs what it could read) explain it in the
    // same words: said once, not once per prefix.
    if (explained.some((e) => e.text === explanation.text)) continue;
    explained.push(explanation);
  }
  const primary = explained[0] ?? explainCredential(subject, newest, times);

  return {
    code: "API_CREDENTIALS_REJECTED",
    severity: "likely",
    // The real cause when the newest refusal has one ("API key SG.e2kX… revoked by teammate sam").
    verdict: primary.verdict === null ? `API credentials rejected × ${failures.length}` : `${primary.verdict} · ${plural(failures.length, "refusal")}`,
    title: `API credentials rejected ${plural(failures.length, "time")} since ${times.date(oldest.occurredAt)} (${channelsOf(failures)})`,
    explanation:
      `${plural(failures.length, "request")} refused since ${times.at(oldest.occurredAt)} (${distinct(failures.map((f) => reasonLabel(f.reason))).join(", ")}); ` +
      `last at ${times.at(newest.occurredAt)}. ` +
      (success === null ? "No successful API or SMTP request in the recent records. " : `Last successful API/SMTP request: ${times.at(success.occurredAt)}. `) +
      explained.map((e) => e.text).join(" "),
    evidence: [...explained.flatMap((e) => (e.evidence === null ? [] : [e.evidence])), ...attemptEvidence(failures, times)],
    nextSteps: [
      "Explain which credential is refused; nothing needs sending: a password reset does not fix an API key.",
      "The customer fixes the integration's configuration: a new API key, the full key, or the current password for an integration that uses it.",
    ],
    actions: {},
    customerReply: `Requests from your integration are being refused. ${primary.customer} ${primary.fix}`,
  };
});
