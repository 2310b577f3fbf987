// The limits on recovery emails, in one place. Read on every call so an operator (or a
// test) can change them through the environment without a rebuild.

/** Recovery emails (any kind) one customer account or sign-up may get in an hour. */
export const RECOVERY_LIMIT_PER_ACCOUNT_HOUR = 3;
/** Recovery emails one staff user may request in an hour. */
export const RECOVERY_LIMIT_PER_AGENT_HOUR = 30;
/** How long a password-reset link works. */
export const RESET_TOKEN_TTL_MINUTES = 60;
/** How long a sign-up confirmation link works (the platform's own links live for days). */
export const CONFIRMATION_TOKEN_TTL_HOURS = 72;
/** The window both limits count over. */
export const RATE_WINDOW_MS = 60 * 60 * 1000;

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export interface RecoveryLimits {
  perAccountHour: number;
  perAgentHour: number;
  resetTokenTtlMs: number;
  confirmationTokenTtlMs: number;
}

export function recoveryLimits(env: NodeJS.ProcessEnv = process.env): RecoveryLimits {
  return {
    perAccountHour: positiveInt(env.RECOVERY_LIMIT_PER_ACCOUNT_HOUR, RECOVERY_LIMIT_PER_ACCOUNT_HOUR),
    perAgentHour: positiveInt(env.RECOVERY_LIMIT_PER_AGENT_HOUR, RECOVERY_LIMIT_PER_AGENT_HOUR),
    resetTokenTtlMs: positiveInt(env.RESET_TOKEN_TTL_MINUTES, RESET_TOKEN_TTL_MINUTES) * 60_000,
    confirmationTokenTtlMs: positiveInt(env.CONFIRMATION_TOKEN_TTL_HOURS, CONFIRMATION_TOKEN_TTL_HOURS) * 3_600_000,
  };
}
