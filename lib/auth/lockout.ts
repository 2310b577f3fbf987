// Console sign-in lockout: pure policy, so it is tested without a clock or database.
// Failures are counted per typed email (whether or not it exists: the lock reveals
// nothing), per staff user the email resolved to, and per IP, in PostgreSQL, so the
// limit holds across every app instance.

export interface LockoutPolicy {
  windowMs: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  windowMs: 15 * 60_000,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
  lockMs: 15 * 60_000,
};

export interface FailureCounts {
  /** Failure times for this email within the window (any order). */
  email: readonly Date[];
  /** Failure times against the staff user this email resolved to (empty if none). */
  user?: readonly Date[];
  /** Failure times from this IP within the window. */
  ip: readonly Date[];
}

/** When the lock ends, or null if sign-in may be attempted now. */
export function lockedUntil(failures: FailureCounts, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): Date | null {
  const candidates: Date[] = [];
  for (const [times, max] of [
    [failures.email, policy.maxFailuresPerEmail],
    [failures.user ?? [], policy.maxFailuresPerEmail],
    [failures.ip, policy.maxFailuresPerIp],
  ] as const) {
    const recent = times.filter((t) => now.getTime() - t.getTime() < policy.windowMs).sort((a, b) => b.getTime() - a.getTime());
    const last = recent[0];
    if (recent.length >= max && last) {
      const until = new Date(last.getTime() + policy.lockMs);
      if (until > now) candidates.push(until);
    }
  }
  return candidates.length ? new Date(Math.max(...candidates.map((d) => d.getTime()))) : null;
}
