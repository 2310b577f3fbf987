// Redeeming the links the console emails (password resets, sign-up confirmations): the
// platform sends the token from a link a customer clicked, and learns whose it is, once.
//
// Whose link, and is it still right: only the source whose events created the account or
// sign-up may redeem its links (a staging source cannot redeem production links); the
// records seeded without a source (demo data) belong to the demo source. The claim re-
// checks the subject in the same statement: a banned, deleted or terminated account, one
// on unified login, a confirmed sign-up, or an address that is no longer the one the link
// went to, leaves the link unclaimed and answers 410 with a code naming why. The ingest
// handlers also cancel such links when the change arrives (lib/email/cancel-links.ts), so
// the pages can say why a link stopped working.
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
// takes the slower path that explains itself. The HTTP route (redeem-http.ts) adds one
// query before it: it authenticates the source before it reads the body, so that an
// unauthenticated caller never makes the console hold one.
import { z } from "zod";
import { MAX_AUDIT_TEXT, writeAudit } from "@/lib/audit/write-audit";
import type { Db, Tx } from "@/lib/db/prisma";
import { accountLinkProblem, signUpLinkProblem } from "@/lib/email/cancel-links";
import { hashToken } from "@/lib/email/token";
import type { LinkCancelReason } from "@/lib/generated/prisma/enums";
import { DEMO_SOURCE_NAME } from "./sources/demo-source";
import { authenticateSource, LAST_USED_RESOLUTION_SECONDS, type AuthenticatedSource } from "./sources/authenticate";
import { inSpan } from "@/lib/telemetry/span";
import { bearerToken, hashSourceToken } from "./sources/tokens";

/** What a redeemable token looks like: newResetToken()'s 32 random bytes in base64url. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const redeemBody = z.strictObject({
  token: z.string({ error: "token must be a string" }).regex(LINK_TOKEN_PATTERN, "token must be the 43-character value of the link's token parameter"),
});

export type RedeemKind = "password_reset" | "confirmation";

/** The link itself ended, or its subject no longer fits it (the LinkCancelReason names). */
export type RedeemGoneCode = "TOKEN_USED" | "TOKEN_EXPIRED" | "TOKEN_SUPERSEDED" | LinkCancelReason;

export type RedeemSuccess =
  | { kind: "password_reset"; accountId: number; externalId: string | null; email: string; username: string; usedAt: string }
  | { kind: "confirmation"; signUpId: number; externalId: string | null; email: string; username: string; usedAt: string };

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413;

export type RedeemResponse = { status: 200; body: RedeemSuccess } | { status: ErrorStatus; body: { error: { code: string; message: string } } };

const GONE_MESSAGES: Record<RedeemGoneCode, string> = {
  TOKEN_USED: "This link was already used. Ask the customer to request a new one.",
  TOKEN_EXPIRED: "This link has expired. Ask the customer to request a new one.",
  TOKEN_SUPERSEDED: "A newer link was sent to the customer; this one no longer works. Ask them to use the latest email.",
  ACCOUNT_BANNED: "The account was banned after this link was sent; the link no longer works.",
  ACCOUNT_DELETED: "The account was deleted after this link was sent; the link no longer works.",
  ACCOUNT_TERMINATED: "The account was terminated after this link was sent; the link no longer works.",
  UNIFIED_LOGIN: "The account now signs in through unified login, so it has no password to reset; the link no longer works.",
  EMAIL_CHANGED: "The account's email address is no longer the one this link was sent to; the link no longer works. Ask the customer to request a new one.",
  SIGNUP_CONFIRMED: "The sign-up is already confirmed; this link has nothing left to confirm.",
  SIGNUP_EXPIRED: "The sign-up expired after this link was sent; the link no longer works. Ask the customer to sign up again.",
};

const error = <S extends ErrorStatus>(status: S, code: string, message: string) => ({ status, body: { error: { code, message } } });

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
 * is claimed in whichever table holds it (a hash is in one at most), if the source owns
 * its subject and the subject still fits it (the rules of lib/email/cancel-links.ts);
 * the audit entry is written as writeAudit would, the chain trigger sealing it. Null when
 * anything is missing: no such source or scope, or a link that cannot be redeemed (now)
 * by this source.
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
      SELECT id, name, last_used_at, name = ${DEMO_SOURCE_NAME}::text AS owns_seeded
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
        FROM src, accounts a, email_outbox o
       WHERE t.token_hash = ${hash} AND t.used_at IS NULL AND t.superseded_at IS NULL AND t.cancelled_at IS NULL AND t.expires_at > ${now}::timestamptz
         AND a.id = t.account_id AND (a.source_id = src.id OR (a.source_id IS NULL AND src.owns_seeded))
         AND a.deleted_at IS NULL AND a.status = 'ACTIVE' AND a.login_method = 'PASSWORD'
         AND o.id = t.outbox_id AND lower(o.recipient) = a.email_lower
      RETURNING t.id, t.account_id, t.outbox_id, a.email, a.username, a.external_id),
    confirmation AS (
      UPDATE confirmation_tokens t SET used_at = ${now}::timestamptz, used_by_source_id = src.id
        FROM src, sign_ups s, email_outbox o
       WHERE t.token_hash = ${hash} AND t.used_at IS NULL AND t.superseded_at IS NULL AND t.cancelled_at IS NULL AND t.expires_at > ${now}::timestamptz
         AND s.id = t.sign_up_id AND (s.source_id = src.id OR (s.source_id IS NULL AND src.owns_seeded))
         AND s.confirmed_at IS NULL
         AND o.id = t.outbox_id AND lower(o.recipient) = s.email_lower
      RETURNING t.id, t.sign_up_id, t.outbox_id, s.email, s.username, s.external_id),
    claimed AS (
      SELECT 'password_reset' AS kind, r.id, r.account_id AS subject_id, r.outbox_id, r.email, r.username, r.external_id FROM reset r
      UNION ALL
      SELECT 'confirmation', c.id, c.sign_up_id, c.outbox_id, c.email, c.username, c.external_id FROM confirmation c),
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
  cancelReason: LinkCancelReason | null;
  expiresAt: Date;
  /** The source whose events created the subject; null for seeded records. */
  ownerSourceId: number | null;
  /** Why the subject no longer fits the link as of now, or null. */
  subjectProblem: LinkCancelReason | null;
}

/** The token by its hash in either table (a unique-index lookup each), with its subject, or null. */
async function find(tx: Tx, hash: string): Promise<StoredToken | null> {
  const select = {
    id: true,
    outboxId: true,
    usedAt: true,
    supersededAt: true,
    cancelReason: true,
    expiresAt: true,
    outbox: { select: { recipient: true } },
  } as const;
  const reset = await tx.passwordResetToken.findUnique({
    where: { tokenHash: hash },
    select: { ...select, accountId: true, account: { select: { status: true, deletedAt: true, loginMethod: true, emailLower: true, sourceId: true } } },
  });
  if (reset) {
    const { account, outbox, ...token } = reset;
    const subjectProblem = accountLinkProblem(account, outbox?.recipient ?? null);
    return { kind: "password_reset", subjectId: reset.accountId, ownerSourceId: account.sourceId, subjectProblem, ...token };
  }
  const confirmation = await tx.confirmationToken.findUnique({
    where: { tokenHash: hash },
    select: { ...select, signUpId: true, signUp: { select: { confirmedAt: true, emailLower: true, sourceId: true } } },
  });
  if (confirmation) {
    const { signUp, outbox, ...token } = confirmation;
    const subjectProblem = signUpLinkProblem(signUp, outbox?.recipient ?? null);
    return { kind: "confirmation", subjectId: confirmation.signUpId, ownerSourceId: signUp.sourceId, subjectProblem, ...token };
  }
  return null;
}

/** The sources that may redeem a subject's links: its own, or the demo source for seeded records. */
const mayRedeem = (source: AuthenticatedSource, ownerSourceId: number | null) =>
  ownerSourceId === null ? source.name === DEMO_SOURCE_NAME : ownerSourceId === source.id;

/**
 * Why a stored token cannot be redeemed: used, then cancelled (with its reason), then
 * superseded, then expired, then what the subject's state says now; null when nothing
 * stops it (a concurrent change made it redeemable again).
 */
function goneCode(token: StoredToken, now: Date): RedeemGoneCode | null {
  if (token.usedAt) return "TOKEN_USED";
  if (token.cancelReason) return token.cancelReason;
  if (token.supersededAt) return "TOKEN_SUPERSEDED";
  if (token.expiresAt <= now) return "TOKEN_EXPIRED";
  return token.subjectProblem;
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
export function redeemLinkToken(db: Db, request: RedeemRequest): Promise<RedeemResponse> {
  // Attributes: the outcome only, never the token, its hash or the source's token.
  return inSpan("redeem link token", {}, async (span) => {
    const response = await redeemUntraced(db, request);
    span.setAttribute("console.redeem_status", response.status);
    return response;
  });
}

async function redeemUntraced(db: Db, request: RedeemRequest): Promise<RedeemResponse> {
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
    // Whose it is comes before what became of it: another source learns nothing about the link's state.
    const allowed = mayRedeem(source, stored.ownerSourceId);
    const code = allowed ? goneCode(stored, now) : "SOURCE_NOT_ALLOWED";
    await writeAudit(tx, {
      actor: auditActor(source),
      action: "platform.redeem_token",
      outcome: "REFUSED",
      code: code ?? "TRY_AGAIN",
      ...target(stored.kind, stored.subjectId),
      detail: { kind: stored.kind, tokenId: stored.id, outboxId: stored.outboxId, source: source.name },
      ...meta,
    });
    if (code === "SOURCE_NOT_ALLOWED") {
      return error(403, code, "This link belongs to records another source sent: redeem it with the token of the source that sends this customer's events.");
    }
    if (code === null) return error(409, "TRY_AGAIN", "The link's customer changed while this request was answered. Send the same request again.");
    return error(410, code, GONE_MESSAGES[code]);
  });
}
