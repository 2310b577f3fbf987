// Why a sign-in failed, in the console's words: one list for every place that says it.
// `sentence` stands alone (a timeline row: "Refused: account banned"); `fragment` goes
// inside a sentence (the diagnosis evidence and Watch live: "failed: account banned").
// Client-safe: Watch live's card renders it in the browser.
import type { LoginFailureReason } from "@/lib/generated/prisma/enums";

/** The parent company whose identity unified-login accounts sign in with. */
export const PARENT_COMPANY = "Twilio";

export const LOGIN_FAILURE_WORDS: Record<LoginFailureReason, { sentence: string; fragment: string }> = {
  WRONG_PASSWORD: { sentence: "Wrong password", fragment: "wrong password" },
  UNKNOWN_USERNAME: { sentence: "Unknown username", fragment: "unknown username" },
  UNCONFIRMED: { sentence: "Refused: email not confirmed", fragment: "email not confirmed" },
  TERMINATED: { sentence: "Refused: account terminated", fragment: "account terminated" },
  BANNED: { sentence: "Refused: account banned", fragment: "account banned" },
  BAD_API_KEY: { sentence: "API key rejected", fragment: "API key not recognised" },
  UNIFIED_LOGIN_REQUIRED: { sentence: `Refused: must sign in through ${PARENT_COMPANY}`, fragment: `must sign in through ${PARENT_COMPANY}` },
  LOCKED: { sentence: "Refused: temporarily locked", fragment: "temporarily locked" },
};

/** A failure inside a sentence ("wrong password"); "failed" when the platform gave no reason. */
export function failureFragment(reason: LoginFailureReason | null): string {
  return reason === null ? "failed" : LOGIN_FAILURE_WORDS[reason].fragment;
}
