// Redeeming the links the console emails (password resets, sign-up confirmations): the
// platform sends the token from a link a customer clicked, and learns whose it is, once.
//
// Constant time: the token is hashed and looked up through the unique index on
// token_hash, so nothing compared depends on the secret's characters.
// Exactly once: the redemption is one conditional UPDATE ... WHERE used_at IS NULL AND
// superseded_at IS NULL AND expires_at > now RETURNING. Two concurrent redemptions both
// reach that row; PostgreSQL makes the second wait for the first's row lock and then
// re-checks the WHERE clause against the committed row, which is used by then, so it
// updates nothing. The audit entry commits in the same transaction as the mark.
import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Db, Tx } from "@/lib/db/prisma";
import { hashToken } from "@/lib/email/token";
import { authenticateSource, type AuthenticatedSource } from "./sources/authenticate";

/** What a redeemable token looks like: newResetToken()'s 32 random bytes in base64url. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const redeemBody = z.strictObject({
  token: z.string({ error: "token must be a string" }).regex(LINK_TOKEN_PATTERN, "token must be the 43-character value of the link's token parameter"),
});

export type RedeemKind = "password_reset" | "confirmation";

export type RedeemGoneCode = "TOKEN_USED" | "TOKEN_EXPIRED" | "TOKEN_SUPERSEDED";

export type RedeemSuccess =
  | { kind: "password_reset"; accountId: number; externalId: string | null; email: string; username: string; usedAt: string }
  | { kind: "confirmation"; signUpId: number; externalId: string | null; email: string; username: string; usedAt: string };

export type RedeemResponse = { status: 200; body: RedeemSuccess } | { status: 400 | 401 | 403 | 404 | 410; body: { error: { code: string; message: string } } };

const GONE_MESSAGES: Record<RedeemGoneCode, string> = {
  TOKEN_USED: "This link was already used. Ask the customer to request a new one.",
  TOKEN_EXPIRED: "This link has expired. Ask the customer to request a new one.",
  TOKEN_SUPERSEDED: "A newer link was sent to the customer; this one no longer works. Ask them to use the latest email.",
};

const error = <S extends 400 | 401 | 403 | 404 | 410>(status: S, code: string, message: string) => ({ status, body: { error: { code, message } } });

interface TokenRow {
  id: number;
  subjectId: number;
  outboxId: number | null;
}

interface ClaimedRow extends TokenRow {
  email: string;
  username: string;
  externalId: string | null;
}

/**
 * Marks the token used if it still may be, and reads whose it is, in one statement: only
 * one caller ever wins. to_jsonb(row)->>'external_id' reads the platform's id when the
 * column exists (the ingest work adds it) and null when it does not.
 */
async function claim(tx: Tx, kind: RedeemKind, hash: string, sourceId: number, now: Date): Promise<ClaimedRow | null> {
  const rows =
    kind === "password_reset"
      ? await tx.$queryRaw<ClaimedRow[]>`
          WITH claimed AS (
            UPDATE password_reset_tokens SET used_at = ${now}::timestamptz, used_by_source_id = ${sourceId}::int4
             WHERE token_hash = ${hash} AND used_at IS NULL AND superseded_at IS NULL AND expires_at > ${now}::timestamptz
            RETURNING id, account_id, outbox_id)
          SELECT c.id, c.account_id AS "subjectId", c.outbox_id AS "outboxId", a.email, a.username, to_jsonb(a) ->> 'external_id' AS "externalId"
            FROM claimed c JOIN accounts a ON a.id = c.account_id`
      : await tx.$queryRaw<ClaimedRow[]>`
          WITH claimed AS (
            UPDATE confirmation_tokens SET used_at = ${now}::timestamptz, used_by_source_id = ${sourceId}::int4
             WHERE token_hash = ${hash} AND used_at IS NULL AND superseded_at IS NULL AND expires_at > ${now}::timestamptz
            RETURNING id, sign_up_id, outbox_id)
          SELECT c.id, c.sign_up_id AS "subjectId", c.outbox_id AS "outboxId", s.email, s.username, to_jsonb(s) ->> 'external_id' AS "externalId"
            FROM claimed c JOIN sign_ups s ON s.id = c.sign_up_id`;
  return rows[0] ?? null;
}

interface StoredToken extends TokenRow {
  kind: RedeemKind;
  usedAt: Date | null;
  supersededAt: Date | null;
  expiresAt: Date;
}

/** The token by its hash in either table (a unique-index lookup each), or null. */
async function find(tx: Tx, hash: string): Promise<StoredToken | null> {
  const select = { id: true, outboxId: true, usedAt: true, supersededAt: true, expiresAt: true } as const;
  const reset = await tx.passwordResetToken.findUnique({ where: { tokenHash: hash }, select: { ...select, accountId: true } });
  if (reset) return { kind: "password_reset", subjectId: reset.accountId, ...reset };
  const confirmation = await tx.confirmationToken.findUnique({ where: { tokenHash: hash }, select: { ...select, signUpId: true } });
  if (confirmation) return { kind: "confirmation", subjectId: confirmation.signUpId, ...confirmation };
  return null;
}

/** Why a stored token cannot be redeemed; used wins over superseded wins over expired. */
function goneCode(token: StoredToken): RedeemGoneCode {
  if (token.usedAt) return "TOKEN_USED";
  if (token.supersededAt) return "TOKEN_SUPERSEDED";
  return "TOKEN_EXPIRED";
}

const auditActor = (source: AuthenticatedSource) => ({ id: null, email: `source:${source.name}` });

const target = (kind: RedeemKind, id: number) => (kind === "password_reset" ? { targetAccountId: id } : { targetSignUpId: id });

export interface RedeemRequest {
  authorization: string | null;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  ip?: string | null;
  userAgent?: string | null;
  now?: Date;
}

/**
 * The whole contract of POST /api/platform/v1/tokens/redeem. Every outcome past the
 * source check is audited, with the source as the actor; no entry holds the token or
 * its hash.
 */
export async function redeemLinkToken(db: Db, request: RedeemRequest): Promise<RedeemResponse> {
  const now = request.now ?? new Date();
  const auth = await authenticateSource(db, request.authorization, "redeem", now);
  if (!auth.ok) return error(auth.status, auth.status === 401 ? "UNAUTHENTICATED" : "SCOPE_MISSING", auth.message);
  const source = auth.source;

  const parsed = redeemBody.safeParse(request.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join(".") : "body";
    const message =
      request.body === undefined
        ? 'The body must be JSON: {"token": "<the link\'s token parameter>"}.'
        : `${field}: ${issue?.message ?? "invalid"}. Send {"token": "<the link's token parameter>"}.`;
    return error(400, "INVALID_BODY", message);
  }
  const hash = hashToken(parsed.data.token);
  const meta = { ip: request.ip ?? null, userAgent: request.userAgent ?? null };

  return db.$transaction(async (tx) => {
    // The common case first: a valid link, claimed and read in one statement per table.
    for (const kind of ["password_reset", "confirmation"] as const) {
      const claimed = await claim(tx, kind, hash, source.id, now);
      if (!claimed) continue;
      await writeAudit(tx, {
        actor: auditActor(source),
        action: "platform.redeem_token",
        outcome: "DONE",
        ...target(kind, claimed.subjectId),
        detail: { kind, tokenId: claimed.id, outboxId: claimed.outboxId, source: source.name },
        ...meta,
      });
      const usedAt = now.toISOString();
      const who = { externalId: claimed.externalId, email: claimed.email, username: claimed.username, usedAt };
      const body: RedeemSuccess = kind === "password_reset" ? { kind, accountId: claimed.subjectId, ...who } : { kind, signUpId: claimed.subjectId, ...who };
      return { status: 200 as const, body };
    }
    // Nothing claimed: say why. A concurrent winner's mark is committed by now (the
    // losing UPDATE waited for it), so this read sees the token used.
    const stored = await find(tx, hash);
    if (!stored) {
      await writeAudit(tx, { actor: auditActor(source), action: "platform.redeem_token", outcome: "REFUSED", code: "TOKEN_UNKNOWN", ...meta });
      return error(404, "TOKEN_UNKNOWN", "No link has this token. Check that the whole token parameter was sent.");
    }
    const code = goneCode(stored);
    await writeAudit(tx, {
      actor: auditActor(source),
      action: "platform.redeem_token",
      outcome: "REFUSED",
      code,
      ...target(stored.kind, stored.subjectId),
      detail: { kind: stored.kind, tokenId: stored.id, outboxId: stored.outboxId, source: source.name },
      ...meta,
    });
    return error(410, code, GONE_MESSAGES[code]);
  });
}
