// Small readers over the input facts that several rules share: who is who, which
// attempts count, and the labels the agent reads. Pure, like the rest of the engine.

import { failureFragment } from "@/lib/model/login-failures";
import { laterOf, recentCutoff, type DiagnosisTimes } from "./time";
import type { AccountSubject, LoginAttemptFacts, LoginChannel, LoginFailureReason } from "./types";

export { PARENT_COMPANY } from "@/lib/model/login-failures";

export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function channelLabel(channel: LoginChannel): string {
  switch (channel) {
    case "WEB":
      return "web";
    case "API":
      return "API";
    case "SMTP":
      return "SMTP";
  }
}

/** The failure's words inside a sentence (lib/model/login-failures.ts, shared with Watch live and the timeline). */
export function reasonLabel(reason: LoginFailureReason | null): string {
  return failureFragment(reason);
}

/** "100.00 USD": no locale formatting, so every agent reads the same thing. */
export function formatMoney(amountCents: number, currency: string): string {
  const sign = amountCents < 0 ? "-" : "";
  const abs = Math.abs(amountCents);
  const units = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}${units}.${cents} ${currency}`;
}

/**
 * True when someone besides the owner has a login of their own (a teammate not deleted
 * and not the owner). Without one, the account login is the customer's alone.
 */
export function hasOtherTeammates(subject: AccountSubject): boolean {
  return subject.teammates.some((t) => t.deletedAt === null && t.level !== "OWNER");
}

/** Who used or changed a credential: the owner or a teammate by username, or the shared login. */
export function actorName(subject: AccountSubject, teammateId: number | null): string {
  if (teammateId === null) return "the shared account login";
  const teammate = subject.teammates.find((t) => t.id === teammateId);
  if (teammate === undefined) return `teammate #${teammateId}`;
  // The owner holds the account itself: calling them a teammate sends the agent looking
  // for a second person who does not exist.
  if (teammate.level === "OWNER") return teammate.deletedAt === null ? `the owner ${teammate.username}` : `deleted owner ${teammate.username}`;
  return teammate.deletedAt === null ? `teammate ${teammate.username}` : `deleted teammate ${teammate.username}`;
}

/** One line per attempt: when, channel, what happened, who, from where. */
export function attemptLabel(attempt: LoginAttemptFacts, times: DiagnosisTimes): string {
  const what = attempt.outcome === "SUCCESS" ? "success" : reasonLabel(attempt.reason);
  const parts = [times.at(attempt.occurredAt), channelLabel(attempt.channel), what];
  if (attempt.usernameTried !== null) parts.push(`username "${attempt.usernameTried}"`);
  if (attempt.apiKeyPrefix !== null) parts.push(`key ${attempt.apiKeyPrefix}…`);
  parts.push(`from ${attempt.ip}`);
  return parts.join(" · ");
}

export function isFailure(attempt: LoginAttemptFacts, reasons: readonly LoginFailureReason[]): boolean {
  return attempt.outcome === "FAILURE" && attempt.reason !== null && reasons.includes(attempt.reason);
}

/** The newest successful attempt on one of `channels`, if any. */
export function lastSuccess(attempts: readonly LoginAttemptFacts[], channels: readonly LoginChannel[]): LoginAttemptFacts | null {
  let best: LoginAttemptFacts | null = null;
  for (const a of attempts) {
    if (a.outcome !== "SUCCESS" || !channels.includes(a.channel)) continue;
    if (best === null || a.occurredAt.getTime() > best.occurredAt.getTime()) best = a;
  }
  return best;
}

export interface FailureRun {
  /** Matching failures, newest first. */
  failures: LoginAttemptFacts[];
  /** Where counting started: the later of the recent cut-off and the last success. */
  countedFrom: Date;
  lastSuccess: LoginAttemptFacts | null;
}

/**
 * The failures still unresolved: on the given channels and reasons, within the recent
 * window, and after the last success on those channels (a success means whoever
 * failed before has since got in, so older failures no longer explain anything).
 */
export function unresolvedFailures(
  attempts: readonly LoginAttemptFacts[],
  now: Date,
  channels: readonly LoginChannel[],
  reasons: readonly LoginFailureReason[],
): FailureRun {
  const success = lastSuccess(attempts, channels);
  const cutoff = recentCutoff(now);
  const countedFrom = laterOf(cutoff, success === null ? null : success.occurredAt) ?? cutoff;
  const failures = attempts
    .filter(
      (a) =>
        channels.includes(a.channel) &&
        isFailure(a, reasons) &&
        a.occurredAt.getTime() >= countedFrom.getTime() &&
        // Strictly after the success: a failure in the same millisecond does not count.
        (success === null || a.occurredAt.getTime() > success.occurredAt.getTime()),
    )
    .sort(newestFirst);
  return { failures, countedFrom, lastSuccess: success };
}

export function newestFirst(a: { occurredAt: Date }, b: { occurredAt: Date }): number {
  return b.occurredAt.getTime() - a.occurredAt.getTime();
}

/** The channels present in a list of attempts, in a fixed order: "web, SMTP". */
export function channelsOf(attempts: readonly LoginAttemptFacts[]): string {
  const order: LoginChannel[] = ["WEB", "API", "SMTP"];
  return order
    .filter((c) => attempts.some((a) => a.channel === c))
    .map(channelLabel)
    .join(", ");
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Evidence lists stay readable: the newest few attempts, then a count of the rest. */
export const MAX_ATTEMPTS_AS_EVIDENCE = 10;

/**
 * True when a later success on the same channel came from the same identity (same
 * teammate, same key, same username): that person got in, so this failure is settled.
 */
export function isResolvedLater(
  failure: LoginAttemptFacts,
  attempts: readonly LoginAttemptFacts[],
  sameIdentity: (failure: LoginAttemptFacts, success: LoginAttemptFacts) => boolean,
): boolean {
  return attempts.some(
    (a) => a.outcome === "SUCCESS" && a.channel === failure.channel && a.occurredAt.getTime() > failure.occurredAt.getTime() && sameIdentity(failure, a),
  );
}
