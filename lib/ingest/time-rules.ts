// What an event's `time` may be. Time versions state (apply/, records.ts), so a sender
// whose clock is wrong could otherwise decide the latest state: an update stamped a month
// ahead beats every real update sent after it, one stamped 9999 freezes a field for good.
// Two rules need no database and run with validation, per event:
// - an event stamped further ahead of the console's clock than INGEST_MAX_CLOCK_SKEW_SECONDS
//   (default 300) is refused;
// - a login attempt older than the login attempt retention (LOGIN_ATTEMPT_RETENTION_DAYS)
//   is refused: partition upkeep would delete it, and until then it would sit in the
//   default partition, skewing the account's history.
// The third rule (a state event older than its record's creation changes nothing) needs
// the record, so it lives in apply/predates.ts.
//
// Not server-only on purpose: the importer (`npm run import`) runs in plain Node.
import { config, configFrom, type Config } from "@/lib/config";
import type { ValidEvent } from "./envelope";

export interface TimeRules {
  /** How far ahead of the console's clock an event's time may be. */
  maxClockSkewSeconds: number;
  /** Login attempts older than this many days are refused (partition retention). */
  loginAttemptRetentionDays: number;
}

/**
 * INGEST_MAX_CLOCK_SKEW_SECONDS (at most a day: a typo must not quietly turn the guard
 * off) and LOGIN_ATTEMPT_RETENTION_DAYS, from the configuration (lib/config.ts).
 */
export function ingestTimeRules(c: Config = config()): TimeRules {
  return { maxClockSkewSeconds: c.INGEST_MAX_CLOCK_SKEW_SECONDS, loginAttemptRetentionDays: c.LOGIN_ATTEMPT_RETENTION_DAYS };
}

export const DEFAULT_TIME_RULES: TimeRules = ingestTimeRules(configFrom({}));

/** "42 s", "17 min", "5 h", "30 days": how far off a clock is, for a person. */
function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** Why this event's time is refused, naming `time`, or null when it is acceptable. */
export function timeRefusal(event: Pick<ValidEvent, "type" | "time">, now: Date, rules: TimeRules): string | null {
  const ahead = event.time.getTime() - now.getTime();
  if (ahead > rules.maxClockSkewSeconds * 1000) {
    return (
      `time: ${event.time.toISOString()} is ${span(ahead)} ahead of the console's clock (${now.toISOString()}); ` +
      `events may be at most ${rules.maxClockSkewSeconds} s ahead (INGEST_MAX_CLOCK_SKEW_SECONDS): check the sender's clock`
    );
  }
  if (event.type === "login.attempted") {
    const cutoff = new Date(now.getTime() - rules.loginAttemptRetentionDays * 86_400_000);
    if (event.time < cutoff) {
      return (
        `time: ${event.time.toISOString()} is older than the login attempt retention of ${rules.loginAttemptRetentionDays} days ` +
        `(LOGIN_ATTEMPT_RETENTION_DAYS, so before ${cutoff.toISOString()}): the attempt would be deleted, so it is not stored`
      );
    }
  }
  return null;
}
