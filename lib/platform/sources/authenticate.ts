// Who is sending: the one check every platform endpoint (ingest, redeem) makes first.
import type { Db } from "@/lib/db/prisma";
import type { Authenticator } from "@/lib/http/platform-route";
import { bearerToken, hashSourceToken, type SourceScope } from "./tokens";

export interface AuthenticatedSource {
  id: number;
  name: string;
  scopes: string[];
  /** Empty: every type in the catalogue. */
  allowedTypes: string[];
}

export type SourceAuthentication =
  | { ok: true; source: AuthenticatedSource }
  /** 401: no token, an unknown one, a revoked source or a rotated-out token past its grace. */
  | { ok: false; status: 401; message: string }
  /** 403: a valid token without the scope this endpoint needs. */
  | { ok: false; status: 403; message: string };

/** last_used_at moves at most once a minute, so busy sources do not queue on their row. */
export const LAST_USED_RESOLUTION_SECONDS = 60;
const LAST_USED_RESOLUTION_MS = LAST_USED_RESOLUTION_SECONDS * 1000;

export async function authenticateSource(
  db: Db,
  authorization: string | null | undefined,
  scope: SourceScope,
  now = new Date(),
): Promise<SourceAuthentication> {
  const token = bearerToken(authorization);
  if (!token) return { ok: false, status: 401, message: "Send the source token as `Authorization: Bearer cs_…`." };
  const hash = hashSourceToken(token);
  const source = await db.eventSource.findFirst({
    where: { revokedAt: null, OR: [{ tokenHash: hash }, { previousTokenHash: hash, previousTokenExpiresAt: { gt: now } }] },
    select: { id: true, name: true, scopes: true, allowedTypes: true, lastUsedAt: true },
  });
  // One answer for unknown, revoked and expired tokens: a caller learns nothing about which.
  if (!source) return { ok: false, status: 401, message: "This token is not valid: it is unknown, revoked, or was rotated out." };
  if (!source.scopes.includes(scope)) return { ok: false, status: 403, message: `This source's token does not have the "${scope}" scope.` };
  if (!source.lastUsedAt || now.getTime() - source.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests do not queue on the row: at most one a minute writes.
    await db.eventSource.updateMany({
      where: { id: source.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { ok: true, source: { id: source.id, name: source.name, scopes: source.scopes, allowedTypes: source.allowedTypes } };
}

/** Source tokens as the platform door's authenticator; `realm` is what a 401 names. */
export function sourceTokenAuthenticator(realm: string): Authenticator<AuthenticatedSource, SourceScope> {
  return {
    realm,
    async authenticate(db, request, scope, now) {
      const auth = await authenticateSource(db, request.headers.get("authorization"), scope, now);
      if (auth.ok) return { ok: true, principal: auth.source };
      return { ok: false, status: auth.status, code: auth.status === 401 ? "UNAUTHENTICATED" : "SCOPE_MISSING", message: auth.message };
    },
  };
}

/**
 * An authenticator that remembers its successes for `ttlMs`, keyed by `keyOf(request)`
 * (a hash of the credential, never the credential), per scope. Refusals are never
 * remembered: an unknown or revoked token is refused before its body is read, every time.
 *
 * Only for a route whose handler checks the caller again in its own statement, so that a
 * success remembered past a revocation costs no more than reading a capped body before
 * the handler refuses it: redemption (lib/platform/redeem.ts claims the link and checks
 * the source in one statement). There the door's query only decides whether to read the
 * 60-byte body, and asking the database twice cost every redemption a round trip (p50
 * 6.1 -> 8.4 ms, bench:ingest). Not for ingest, which writes as the door's principal.
 */
export function rememberingSuccesses<P, S extends string>(
  inner: Authenticator<P, S>,
  keyOf: (request: Request) => string | null,
  options: { ttlMs: number; maxEntries: number },
): Authenticator<P, S> {
  const remembered = new Map<string, { principal: P; until: number }>();
  return {
    realm: inner.realm,
    async authenticate(db, request, scope, now) {
      const credential = keyOf(request);
      const key = credential === null ? null : `${scope}\u0000${credential}`;
      const hit = key === null ? undefined : remembered.get(key);
      if (hit && hit.until > now.getTime()) return { ok: true, principal: hit.principal };
      if (key !== null) remembered.delete(key);
      const result = await inner.authenticate(db, request, scope, now);
      if (result.ok && key !== null) {
        // Oldest first out: a Map iterates in insertion order.
        if (remembered.size >= options.maxEntries) remembered.delete(remembered.keys().next().value ?? "");
        remembered.set(key, { principal: result.principal, until: now.getTime() + options.ttlMs });
      }
      return result;
    },
  };
}

/** The source token's hash as rememberingSuccesses' key (null without a bearer token). */
export function sourceTokenKey(request: Request): string | null {
  const token = bearerToken(request.headers.get("authorization"));
  return token ? hashSourceToken(token) : null;
}
