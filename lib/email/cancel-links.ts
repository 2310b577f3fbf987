// Cancelling the open reset and confirmation links whose subject the platform changed so
// that the link is now wrong: an account banned, deleted, terminated or moved to unified
// login, an email address that is no longer the one the link went to (the usual answer
// to a hijacked mailbox), a sign-up confirmed or expired. The ingest handlers call these
// in the event's own transaction, so a link is never redeemable after the change commits;
// redemption re-checks the same facts itself (lib/platform/redeem.ts), so seeded data or
// any other path that changes an account cannot leave a wrong link working either.
//
// Only open links are touched (not used, superseded, cancelled or expired), so the pages
// keep saying what really ended each link. cancelled_at is the event's time: the pages
// read "cancelled: the account was banned on <that time>".
import type { Tx } from "@/lib/db/prisma";
import type { LinkCancelReason } from "@/lib/generated/prisma/enums";

/** What an account's facts say about its reset links; the same order redemption uses. */
export interface AccountLinkFacts {
  status: "ACTIVE" | "TERMINATED" | "BANNED";
  deletedAt: Date | null;
  loginMethod: "PASSWORD" | "UNIFIED_LOGIN";
  emailLower: string;
}

/** Why a reset link to `recipient` no longer fits the account, or null when it still does. */
export function accountLinkProblem(account: AccountLinkFacts, recipient: string | null): LinkCancelReason | null {
  if (account.deletedAt) return "ACCOUNT_DELETED";
  if (account.status === "BANNED") return "ACCOUNT_BANNED";
  if (account.status === "TERMINATED") return "ACCOUNT_TERMINATED";
  if (account.loginMethod === "UNIFIED_LOGIN") return "UNIFIED_LOGIN";
  // No recipient on record (its email row is gone): nobody can say the link reached the owner.
  if (recipient === null || recipient.toLowerCase() !== account.emailLower) return "EMAIL_CHANGED";
  return null;
}

/** Why a confirmation link to `recipient` no longer fits the sign-up, or null when it still does. */
export function signUpLinkProblem(signUp: { confirmedAt: Date | null; emailLower: string }, recipient: string | null): LinkCancelReason | null {
  if (signUp.confirmedAt) return "SIGNUP_CONFIRMED";
  if (recipient === null || recipient.toLowerCase() !== signUp.emailLower) return "EMAIL_CHANGED";
  return null;
}

const OPEN = "t.used_at IS NULL AND t.superseded_at IS NULL AND t.cancelled_at IS NULL AND t.expires_at > now()";

/**
 * Cancels the account's open reset links that its current state makes wrong (see
 * accountLinkProblem; the SQL below is the same rule). Call after the change is written.
 */
export async function cancelStaleAccountLinks(tx: Tx, accountId: number, at: Date): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE password_reset_tokens t
        SET cancelled_at = $2::timestamptz,
            cancel_reason = (CASE
              WHEN a.deleted_at IS NOT NULL THEN 'ACCOUNT_DELETED'
              WHEN a.status = 'BANNED' THEN 'ACCOUNT_BANNED'
              WHEN a.status = 'TERMINATED' THEN 'ACCOUNT_TERMINATED'
              WHEN a.login_method = 'UNIFIED_LOGIN' THEN 'UNIFIED_LOGIN'
              ELSE 'EMAIL_CHANGED' END)::link_cancel_reason
       FROM accounts a
      WHERE a.id = $1::int4 AND t.account_id = a.id AND ${OPEN}
        AND (a.deleted_at IS NOT NULL OR a.status <> 'ACTIVE' OR a.login_method <> 'PASSWORD'
             OR (SELECT lower(o.recipient) FROM email_outbox o WHERE o.id = t.outbox_id) IS DISTINCT FROM a.email_lower)`,
    accountId,
    at,
  );
}

/**
 * Cancels the sign-up's open confirmation links that its current state makes wrong
 * (confirmed, or sent to another address). With `expiredAt`, the platform expired the
 * sign-up at that time: the links sent up to then are cancelled too, but not one an agent
 * sent afterwards (a fresh chance the customer asked for), so a late event ends the same
 * links as one that arrived in order.
 */
export async function cancelStaleSignUpLinks(tx: Tx, signUpId: number, at: Date, options: { expiredAt?: Date } = {}): Promise<number> {
  const expiredAt = options.expiredAt ?? null;
  return tx.$executeRawUnsafe(
    `UPDATE confirmation_tokens t
        SET cancelled_at = $2::timestamptz,
            cancel_reason = (CASE
              WHEN s.confirmed_at IS NOT NULL THEN 'SIGNUP_CONFIRMED'
              WHEN $3::timestamptz IS NOT NULL AND t.created_at <= $3::timestamptz THEN 'SIGNUP_EXPIRED'
              ELSE 'EMAIL_CHANGED' END)::link_cancel_reason
       FROM sign_ups s
      WHERE s.id = $1::int4 AND t.sign_up_id = s.id AND ${OPEN}
        AND (s.confirmed_at IS NOT NULL OR ($3::timestamptz IS NOT NULL AND t.created_at <= $3::timestamptz)
             OR (SELECT lower(o.recipient) FROM email_outbox o WHERE o.id = t.outbox_id) IS DISTINCT FROM s.email_lower)`,
    signUpId,
    at,
    expiredAt,
  );
}
