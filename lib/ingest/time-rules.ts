// What an event's `time` may be. Time versions state (apply.ts, records.ts), so a sender
// whose clock is wrong could otherwise decide the latest state: an update stamped a month
// ahead beats every real update sent after it, one stamped 9999 freezes a field for good.
// Two rules need no database and run with validation, per event:
// - an event stamped further ahead of the console's clock than INGEST_MAX_CLOCK_SKEW_SECONDS
//   (default 300) is refused;
// - a login attempt older than the login attempt retention (LOGIN_ATTEMPT_RETENTION_DAYS)
//   is refused: partition upkeep would delete it, and until then it would sit in the
//   default partition, skewing the account's history.
// The third rule (a state event older than its record's creation changes nothing) needs
// the record, so it lives in apply.ts.
//
// Not server-only on purpose: the importer (`npm run import`) runs in plain Node.
import { z } from "zod";
import { DEFAULT_RETENTION_DAYS, retentionDaysFromEnv } from "../data/login-attempts/partitions";
import type { ValidEvent } from "./envelope";

export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;
const MAX_CLOCK_SKEW_LIMIT = 86_400;

export interface TimeRules {
  /** How far ahead of the console's clock an event's time may be. */
  maxClockSkewSeconds: number;
  /** Login attempts older than this many days are refused (partition retention). */
  loginAttemptRetentionDays: number;
}

export const DEFAULT_TIME_RULES: TimeRules = {
  maxClockSkewSeconds: DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  loginAttemptRetentionDays: DEFAULT_RETENTION_DAYS,
};

// Capped at a day: a typo (an extra zero or two) must not quietly turn the guard off.
const skewSchema = z.coerce.number().int().min(0).max(MAX_CLOCK_SKEW_LIMIT);

/**
 * INGEST_MAX_CLOCK_SKEW_SECONDS and LOGIN_ATTEMPT_RETENTION_DAYS, validated. The one
 * place ingest reads its time configuration (to move into a typed config module).
 */
export function ingestTimeRulesFromEnv(env: Record<string, string | undefined> = process.env): TimeRules {
  const raw = env.INGEST_MAX_CLOCK_SKEW_SECONDS;
  let maxClockSkewSeconds = DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  if (raw !== undefined && raw.trim() !== "") {
    const parsed = skewSchema.safeParse(raw.trim());
    if (!parsed.success) {
      throw new Error(`INGEST_MAX_CLOCK_SKEW_SECONDS must be a whole number of seconds between 0 and ${MAX_CLOCK_SKEW_LIMIT}, not "${raw}"`);
    }
    maxClockSkewSeconds = parsed.data;
  }
  return { maxClockSkewSeconds, loginAttemptRetentionDays: retentionDaysFromEnv(env) };
}

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
