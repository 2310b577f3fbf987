// The staff session, decoded once per request. Auth.js's middleware wrapper and its
// `auth()` each decrypt the session cookie, and each re-encrypts a fresh one (a key
// derivation and a JWE both ways, every time): four JWE operations per page, about a
// tenth of an account page's server CPU under load (issue 14). The console gains nothing
// from the re-issued cookie: a session's absolute lifetime (SESSION_MAX_AGE_HOURS from
// sign-in, ./sessions.ts) is also the cookie's maxAge, so sliding it never lets anyone
// stay longer. So the proxy decrypts the cookie once, without re-issuing it, and hands
// the claims to the page in a request header that it always overwrites. The header is
// sealed with an HMAC of AUTH_SECRET as well, so a request that did not pass through the
// proxy (a route its matcher skips, a misconfigured deployment) cannot present claims of
// its own: an unsealed or tampered header is ignored and the page asks Auth.js itself.
import { decode } from "next-auth/jwt";
import { config } from "@/lib/config";
import { macOf, purposeKey, sameMac } from "./purpose-key";
import { isSessionCurrent } from "./sessions";

/** The request header the proxy writes (and the only writer: it deletes any sent by a client). */
export const SESSION_CLAIMS_HEADER = "x-console-session";

type Env = Readonly<Record<string, string | undefined>>;

/** The variables Auth.js reads for its cookie, from the console's configuration (tests pass their own). */
function authEnv(): Env {
  const c = config();
  return { AUTH_SECRET: c.AUTH_SECRET, AUTH_SECRET_1: c.AUTH_SECRET_1, AUTH_SECRET_2: c.AUTH_SECRET_2, AUTH_SECRET_3: c.AUTH_SECRET_3, AUTH_URL: c.AUTH_URL };
}

/** What a page needs from the session cookie; the staff user's role and state come from the database. */
export interface SessionClaims {
  /** The staff user's id. */
  sub: string;
  sid: string;
  /** Seconds since the epoch. */
  signedInAt: number;
}

/**
 * Auth.js's secrets as it reads them (AUTH_SECRET, plus AUTH_SECRET_1..3 while rotating,
 * newest first), so a cookie Auth.js issued decodes here too.
 */
function authSecrets(env: Env = authEnv()): string[] {
  const secrets = [env.AUTH_SECRET].filter((s): s is string => Boolean(s));
  for (const i of [1, 2, 3]) {
    const rotated = env[`AUTH_SECRET_${i}`];
    if (rotated) secrets.unshift(rotated);
  }
  return secrets;
}

/**
 * The session cookie's name as Auth.js chooses it: `__Secure-` over https. Auth.js
 * takes the scheme from AUTH_URL when set, else from X-Forwarded-Proto (which Next's
 * own server sets from the connection), else assumes https; this mirrors it so both
 * agree on which cookie is the session.
 */
export function sessionCookieName(headers: Headers, env: Env = authEnv()): string {
  const configured = env.AUTH_URL;
  let protocol = headers.get("x-forwarded-proto") ?? "https";
  if (configured) {
    try {
      protocol = new URL(configured).protocol;
    } catch {
      // Auth.js ignores an unparsable AUTH_URL the same way.
    }
  }
  return `${protocol.startsWith("https") ? "__Secure-" : ""}authjs.session-token`;
}

/** The cookie's value, reassembled when Auth.js split a large token into `name.0`, `name.1`, … */
function cookieValue(cookieHeader: string, name: string): string | null {
  let whole: string | null = null;
  const chunks: [number, string][] = [];
  for (const part of cookieHeader.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === name) whole = value;
    else if (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1))) chunks.push([Number(key.slice(name.length + 1)), value]);
  }
  if (chunks.length)
    return chunks
      .sort((a, b) => a[0] - b[0])
      .map(([, v]) => v)
      .join("");
  return whole;
}

// Decoded cookies, by their exact text: an agent's browser sends the same cookie on every
// request, and the decryption (a key derivation, an HMAC and an AES pass) was the proxy's
// largest cost. The text is the whole key, so a different or altered cookie is decoded
// afresh; what may change with time (the session's age, its expiry) is checked on every
// request below, and revocation is the page's database check. Bounded: the oldest goes
// first.
const DECODED_MAX = 1000;
const decoded = new Map<string, { sub: string; sid: unknown; signedInAt: unknown; exp: unknown } | null>();

async function decodeOnce(token: string, secret: string[], salt: string) {
  // The secrets are part of the key only for tests that switch them within one process.
  const key = `${secret.join(" ")}\n${salt}\n${token}`;
  const known = decoded.get(key);
  if (known !== undefined) return known;
  const claims = await decode({ token, secret, salt }).catch(() => null);
  const value =
    claims && typeof claims.sub === "string" && claims.sub.length > 0
      ? { sub: claims.sub, sid: claims.sid, signedInAt: claims.signedInAt, exp: claims.exp }
      : null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value ?? "");
  decoded.set(key, value);
  return value;
}

/**
 * The current console session in the request's cookie, or null: no cookie, one that does
 * not decrypt with this console's secret, or one without a session id or past its
 * absolute lifetime (the same rule as Auth.js's jwt callback in ./auth.ts).
 */
export async function readSessionCookie(headers: Headers, env: Env = authEnv(), nowMs = Date.now()): Promise<SessionClaims | null> {
  const name = sessionCookieName(headers, env);
  const token = cookieValue(headers.get("cookie") ?? "", name);
  const secret = authSecrets(env);
  if (!token || secret.length === 0) return null;
  const claims = await decodeOnce(token, secret, name);
  if (!claims) return null;
  if (typeof claims.exp === "number" && claims.exp * 1000 <= nowMs) return null;
  if (!isSessionCurrent(claims.sid, claims.signedInAt, nowMs)) return null;
  return { sub: claims.sub, sid: String(claims.sid), signedInAt: Number(claims.signedInAt) };
}

/** The seal's key; null without AUTH_SECRET (then no cookie decodes, and nothing is sealed). */
function keyFor(env: Env): Buffer | null {
  return env.AUTH_SECRET ? purposeKey("access-console session claims header v1", env.AUTH_SECRET) : null;
}

/** The header value for these claims: base64url JSON, a dot, its HMAC. */
export function sealSessionClaims(claims: SessionClaims, env: Env = authEnv()): string | null {
  const key = keyFor(env);
  if (!key) return null;
  const payload = Buffer.from(JSON.stringify({ sub: claims.sub, sid: claims.sid, signedInAt: claims.signedInAt })).toString("base64url");
  return `${payload}.${macOf(key, payload).toString("base64url")}`;
}

/** The claims in a header the proxy sealed, or null for anything else (absent, unsealed, tampered, expired). */
export function openSessionClaims(value: string | null, env: Env = authEnv(), nowMs = Date.now()): SessionClaims | null {
  const key = keyFor(env);
  if (!value || !key) return null;
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const payload = value.slice(0, dot);
  if (!sameMac(Buffer.from(value.slice(dot + 1), "base64url"), macOf(key, payload))) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return null;
    const { sub, sid, signedInAt } = parsed as Record<string, unknown>;
    if (typeof sub !== "string" || sub.length === 0 || !isSessionCurrent(sid, signedInAt, nowMs)) return null;
    return { sub, sid: String(sid), signedInAt: Number(signedInAt) };
  } catch {
    return null;
  }
}
