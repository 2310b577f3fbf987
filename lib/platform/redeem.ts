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
//
// One round trip: a customer is waiting on the platform's page while it redeems, and the
// target is p95 under 10 ms. A Prisma interactive transaction costs a round trip per
// statement plus BEGIN and COMMIT (six in all, 25 ms p95 through HTTP), so the common
// case (a valid source, a valid link) is one statement: the source check, its last-used
// stamp, the claim in either table, the owner's identity and the audit entry, in data-
// modifying CTEs that commit together. Only a refusal (a used, expired or unknown link)
// takes the slower path that explains itself.
import { z } from "zod";
import { MAX_AUDIT_TEXT, writeAudit } from "@/lib/audit/write-audit";
import type { Db, Tx } from "@/lib/db/prisma";
import { hashToken } from "@/lib/email/token";
import { authenticateSource, LAST_USED_RESOLUTION_SECONDS, type AuthenticatedSource } from "./sources/authenticate";
import { bearerToken, hashSourceToken } from "./sources/tokens";

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
  kind: RedeemKind;
  email: string;
  username: string;
  externalId: string | null;
}

/**
 * The whole of a successful redemption in one statement: the source (by its current
 * token, or its previous one within the rotation's grace) must hold the redeem scope;
 * its last-used stamp moves at most once a minute, as authenticateSource does; the link
 * is claimed in whichever table holds it (a hash is in one at most); the audit entry is
 * written as writeAudit would, the chain trigger sealing it. Null when anything is
 * missing: no such source or scope, or a link that cannot be redeemed (now).
 */
async function claimInOneStatement(
  db: Db,
  sourceHash: string,
  hash: string,
  now: Date,
  meta: { ip: string | null; userAgent: string | null },
): Promise<ClaimedRow | null> {
  const rows = await db.$queryRaw<ClaimedRow[]>`
    WITH src AS (
      SELECT id, name, last_used_at
        FROM event_sources
       WHERE revoked_at IS NULL AND 'redeem' = ANY (scopes)
         AND (token_hash = ${sourceHash} OR (previous_token_hash = ${sourceHash} AND previous_token_expires_at > ${now}::timestamptz))
       LIMIT 1),
    touched AS (
      UPDATE event_sources e SET last_used_at = ${now}::timestamptz
        FROM src
       WHERE e.id = src.id AND (e.last_used_at IS NULL OR e.last_used_at < ${now}::timestamptz - make_interval(secs => ${LAST_USED_RESOLUTION_SECONDS}::int))
      RETURNING e.id),
    reset AS (
      UPDATE password_reset_tokens t SET used_at = ${now}::timestamptz, used_by_source_id = src.id
        FROM src
       WHERE t.token_hash = ${hash} AND t.used_at IS NULL AND t.superseded_at IS NULL AND t.expires_at > ${now}::timestamptz
      RETURNING t.id, t.account_id, t.outbox_id),
    confirmation AS (
      UPDATE confirmation_tokens t SET used_at = ${now}::timestamptz, used_by_source_id = src.id
        FROM src
       WHERE t.token_hash = ${hash} AND t.used_at IS NULL AND t.superseded_at IS NULL AND t.expires_at > ${now}::timestamptz
      RETURNING t.id, t.sign_up_id, t.outbox_id),
    claimed AS (
      SELECT 'password_reset' AS kind, r.id, r.account_id AS subject_id, r.outbox_id, a.email, a.username, a.external_id
        FROM reset r JOIN accounts a ON a.id = r.account_id
      UNION ALL
      SELECT 'confirmation', c.id, c.sign_up_id, c.outbox_id, s.email, s.username, s.external_id
        FROM confirmation c JOIN sign_ups s ON s.id = c.sign_up_id),
    audited AS (
      INSERT INTO audit_entries (actor_id, actor_email, action, outcome, target_account_id, target_sign_up_id, detail, ip, user_agent)
      SELECT NULL, left('source:' || src.name, ${MAX_AUDIT_TEXT}::int), 'platform.redeem_token', 'DONE'::audit_outcome,
             CASE WHEN c.kind = 'password_reset' THEN c.subject_id END, CASE WHEN c.kind = 'confirmation' THEN c.subject_id END,
             jsonb_build_object('kind', c.kind, 'tokenId', c.id, 'outboxId', c.outbox_id, 'source', src.name),
             left(${meta.ip}::text, ${MAX_AUDIT_TEXT}::int), left(${meta.userAgent}::text, ${MAX_AUDIT_TEXT}::int)
        FROM claimed c CROSS JOIN src
      RETURNING id)
    SELECT c.kind, c.id, c.subject_id AS "subjectId", c.outbox_id AS "outboxId", c.email, c.username, c.external_id AS "externalId"
      FROM claimed c`;
  return rows[0] ?? null;
}

/** A claimed link's answer. */
function success(claimed: ClaimedRow, now: Date): RedeemSuccess {
  const who = { externalId: claimed.externalId, email: claimed.email, username: claimed.username, usedAt: now.toISOString() };
  return claimed.kind === "password_reset"
    ? { kind: "password_reset", accountId: claimed.subjectId, ...who }
    : { kind: "confirmation", signUpId: claimed.subjectId, ...who };
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
  const parsed = redeemBody.safeParse(request.body);
  const meta = { ip: request.ip ?? null, userAgent: request.userAgent ?? null };

  // The common case: a valid source redeeming a valid link, in one round trip.
  const sourceToken = bearerToken(request.authorization);
  if (parsed.success && sourceToken) {
    const claimed = await claimInOneStatement(db, hashSourceToken(sourceToken), hashToken(parsed.data.token), now, meta);
    if (claimed) return { status: 200, body: success(claimed, now) };
  }

  // Everything else explains itself; who is asking comes first (401 and 403 before 400).
  const auth = await authenticateSource(db, request.authorization, "redeem", now);
  if (!auth.ok) return error(auth.status, auth.status === 401 ? "UNAUTHENTICATED" : "SCOPE_MISSING", auth.message);
  const source = auth.source;
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

  return db.$transaction(async (tx) => {
    // The link was not claimable a moment ago, and nothing makes a link claimable again,
    // but a concurrent redemption may have been mid-flight: its mark is committed by now
    // (our UPDATE waited for its row lock), so this read sees the token used.
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
