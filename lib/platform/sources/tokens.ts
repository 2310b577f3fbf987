// Source tokens: what a sending system of the platform presents as `Authorization:
// Bearer <token>`. 32 random bytes behind a recognisable prefix (so a leaked token is
// found by secret scanners); only the SHA-256 hash is stored, and a lookup by that hash
// through a unique index reveals nothing about the token itself.
import { createHash, randomBytes } from "node:crypto";

export const SOURCE_TOKEN_PREFIX = "cs_";
// 3 (prefix) + 43 (base64url of 32 bytes)
const SOURCE_TOKEN_PATTERN = /^cs_[A-Za-z0-9_-]{43}$/;

export const SOURCE_SCOPES = ["ingest", "redeem"] as const;
export type SourceScope = (typeof SOURCE_SCOPES)[number];

/** How long the previous token keeps working after a rotation, unless the admin says otherwise. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export interface NewSourceToken {
  /** Shown to the admin once; never stored. */
  token: string;
  hash: string;
  /** What the list shows to tell tokens apart ("cs_ab12cd"). */
  prefix: string;
}

export function newSourceToken(): NewSourceToken {
  const token = SOURCE_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashSourceToken(token), prefix: displayPrefix(token) };
}

export function hashSourceToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function displayPrefix(token: string): string {
  return token.slice(0, SOURCE_TOKEN_PREFIX.length + 6);
}

/** The token in an `Authorization` header, or null when there is none of the right shape. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  const token = match?.[1];
  return token && SOURCE_TOKEN_PATTERN.test(token) ? token : null;
}
