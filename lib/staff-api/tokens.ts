// Personal access tokens: what a staff member's tool presents to the staff API as
// `Authorization: Bearer acs_pat_<8 hex>_<secret>`. The recognisable prefix lets secret
// scanners find a leaked token and lets lists and the audit trail tell tokens apart
// (`acs_pat_<8 hex>`); the 32 random bytes after it are the secret. Only the SHA-256 hash
// is stored, looked up through a unique index, as for source tokens.
import { createHash, randomBytes } from "node:crypto";

export const PERSONAL_TOKEN_PREFIX = "acs_pat_";
const PATTERN = /^acs_pat_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

export interface NewPersonalToken {
  /** Shown to its owner once; never stored. */
  token: string;
  hash: string;
  prefix: string;
}

export function newPersonalToken(): NewPersonalToken {
  const prefix = PERSONAL_TOKEN_PREFIX + randomBytes(4).toString("hex");
  const token = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashPersonalToken(token), prefix };
}

export function hashPersonalToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The personal token in an `Authorization` header, or null when there is none of the right shape. */
export function bearerPersonalToken(header: string | null | undefined): string | null {
  const token = /^Bearer (\S+)$/i.exec(header?.trim() ?? "")?.[1];
  return token && PATTERN.test(token) ? token : null;
}
