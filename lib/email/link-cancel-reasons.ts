// What each reason for cancelling a link means, in the words the pages and the outbox's
// error column use ("cancelled: the account was banned on …"). No database or server
// import, so components can read it.
import type { LinkCancelReason } from "@/lib/generated/prisma/enums";
import { formatUtc } from "@/lib/diagnosis/time";

export const LINK_CANCEL_REASONS = [
  "ACCOUNT_BANNED",
  "ACCOUNT_DELETED",
  "ACCOUNT_TERMINATED",
  "UNIFIED_LOGIN",
  "EMAIL_CHANGED",
  "SIGNUP_CONFIRMED",
  "SIGNUP_EXPIRED",
] as const satisfies readonly LinkCancelReason[];

export const CANCELLED_BECAUSE: Record<LinkCancelReason, string> = {
  ACCOUNT_BANNED: "the account was banned",
  ACCOUNT_DELETED: "the account was deleted",
  ACCOUNT_TERMINATED: "the account was terminated",
  UNIFIED_LOGIN: "the account moved to unified login",
  EMAIL_CHANGED: "the email address changed",
  SIGNUP_CONFIRMED: "the sign-up was confirmed",
  SIGNUP_EXPIRED: "the sign-up expired",
};

/** "cancelled: the account was banned on 2026-12-07 09:12 UTC", for places without a staff time zone. */
export const cancellationText = (reason: LinkCancelReason, at: Date) => `cancelled: ${CANCELLED_BECAUSE[reason]} on ${formatUtc(at)}`;
