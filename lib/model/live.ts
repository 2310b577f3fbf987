// Watch live's attempt as the card shows it: client-safe (no Prisma, no SQL).
import type { LoginChannel, LoginFailureReason, LoginOutcome } from "@/lib/generated/prisma/enums";

/** One attempt as the browser gets it: no user agent, nothing secret. */
export interface LiveAttempt {
  id: string;
  occurredAt: string;
  channel: LoginChannel;
  outcome: LoginOutcome;
  reason: LoginFailureReason | null;
  ip: string;
  usernameTried: string | null;
  apiKeyPrefix: string | null;
}
