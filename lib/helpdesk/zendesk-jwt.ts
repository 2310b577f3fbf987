// The two tokens of the Zendesk sidebar's trust model (docs/helpdesk.md#trust-model).
//
// 1. Zendesk's signed-URL token: with `signedUrls: true` in the app's manifest, Zendesk
//    POSTs the sidebar's first page load with a `token` form field, a JWT that Zendesk's
//    servers sign (RS256) with the installation's private key. Its `sub` is the Zendesk
//    user who opened the ticket; the browser cannot mint one, so it is the only proof of
//    the acting agent the Apps framework offers that an agent cannot forge.
// 2. The console's sidebar session: after checking (1) and mapping the agent to a staff
//    member, the console hands the sidebar page a short-lived value it MACs itself, bound
//    to that staff member and Zendesk user. The sidebar's API calls carry it, through
//    Zendesk's proxy, beside the integration token only the proxy knows.
//
// Pure functions of their inputs (keys, `now`): unit-tested without a server.
import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { macOf, sameMac } from "@/lib/auth/purpose-key";

/** Seconds of clock difference tolerated between Zendesk's servers and the console. */
const LEEWAY_SECONDS = 60;

export interface ZendeskTokenExpectations {
  /** The installation's public key (PEM), from the app's installation page. */
  publicKeyPem: string;
  /** `https://<subdomain>.zendesk.com/api/v2/apps/installations/<id>.json` */
  audience: string;
  /** `https://<subdomain>.zendesk.com`: the token's `iss` is this host (with or without the scheme). */
  origin: string;
  now: Date;
}

export type Verified<T> = { ok: true; value: T } | { ok: false; reason: string };

function base64UrlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

let cachedKey: { pem: string; key: KeyObject } | null = null;
function publicKeyOf(pem: string): KeyObject {
  if (cachedKey?.pem !== pem) cachedKey = { pem, key: createPublicKey(pem) };
  return cachedKey.key;
}

/** Zendesk's signed-URL token checked: signature (RS256 only), audience, issuer, times, location; the agent's Zendesk user id. */
export function verifyZendeskSignedUrlToken(token: string, expect: ZendeskTokenExpectations): Verified<{ zendeskUserId: string }> {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = base64UrlJson(headerPart);
  // The algorithm is fixed, never taken from the token: "none" or HS256 with the public key as secret must not pass.
  if (!isRecord(header) || header.alg !== "RS256") return { ok: false, reason: "not signed with RS256" };
  let signatureOk = false;
  try {
    signatureOk = verifySignature(
      "sha256",
      Buffer.from(`${headerPart}.${payloadPart}`),
      publicKeyOf(expect.publicKeyPem),
      Buffer.from(signaturePart, "base64url"),
    );
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { ok: false, reason: "bad signature" };
  const claims = base64UrlJson(payloadPart);
  if (!isRecord(claims)) return { ok: false, reason: "unreadable claims" };
  const nowSeconds = Math.floor(expect.now.getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp + LEEWAY_SECONDS < nowSeconds) return { ok: false, reason: "expired" };
  if (typeof claims.nbf === "number" && claims.nbf - LEEWAY_SECONDS > nowSeconds) return { ok: false, reason: "not valid yet" };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expect.audience)) return { ok: false, reason: "another installation's token" };
  const host = new URL(expect.origin).host;
  if (claims.iss !== host && claims.iss !== `https://${host}` && claims.iss !== expect.origin) return { ok: false, reason: "another Zendesk account's token" };
  const context = isRecord(claims.context) ? claims.context : {};
  if (context.location !== undefined && context.location !== "ticket_sidebar") return { ok: false, reason: "not the ticket sidebar" };
  const sub = typeof claims.sub === "number" ? String(claims.sub) : claims.sub;
  if (typeof sub !== "string" || !/^\d{1,20}$/.test(sub)) return { ok: false, reason: "no Zendesk user in the token" };
  return { ok: true, value: { zendeskUserId: sub } };
}

/** How long a sidebar page may act without Zendesk signing a fresh load (a ticket tab is reloaded far more often). */
export const SIDEBAR_SESSION_SECONDS = 8 * 60 * 60;

export interface SidebarSession {
  staffId: string;
  zendeskUserId: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** `zs1.<payload>.<mac>`: the console's own sealed value for one sidebar page. */
export function sealSidebarSession(session: SidebarSession, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify([session.staffId, session.zendeskUserId, session.expiresAt])).toString("base64url");
  return `zs1.${payload}.${macOf(key, `zs1.${payload}`).toString("base64url")}`;
}

export function openSidebarSession(value: string, key: Buffer, now: Date): Verified<SidebarSession> {
  const [version, payload = "", mac = ""] = value.split(".");
  if (version !== "zs1" || !sameMac(macOf(key, `zs1.${payload}`), Buffer.from(mac, "base64url"))) return { ok: false, reason: "not a sidebar session" };
  const data = base64UrlJson(payload);
  if (!Array.isArray(data) || typeof data[0] !== "string" || typeof data[1] !== "string" || typeof data[2] !== "number") {
    return { ok: false, reason: "not a sidebar session" };
  }
  if (data[2] < Math.floor(now.getTime() / 1000)) return { ok: false, reason: "sidebar session over: reload the ticket" };
  return { ok: true, value: { staffId: data[0], zendeskUserId: data[1], expiresAt: data[2] } };
}
