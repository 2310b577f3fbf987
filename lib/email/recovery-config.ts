// The limits on recovery emails, in one place, from the configuration (lib/config.ts),
// read on every call so a test can change them through the environment.
import { config, type Config } from "@/lib/config";

/** The window both limits count over. */
export const RATE_WINDOW_MS = 60 * 60 * 1000;

export interface RecoveryLimits {
  perAccountHour: number;
  perAgentHour: number;
  resetTokenTtlMs: number;
  confirmationTokenTtlMs: number;
}

/**
 * Recovery emails (any kind) one customer account or sign-up may get in an hour, the ones
 * one staff user may request, and how long reset and confirmation links work.
 */
export function recoveryLimits(c: Config = config()): RecoveryLimits {
  return {
    perAccountHour: c.RECOVERY_LIMIT_PER_ACCOUNT_HOUR,
    perAgentHour: c.RECOVERY_LIMIT_PER_AGENT_HOUR,
    resetTokenTtlMs: c.RESET_TOKEN_TTL_MINUTES * 60_000,
    confirmationTokenTtlMs: c.CONFIRMATION_TOKEN_TTL_HOURS * 3_600_000,
  };
}
