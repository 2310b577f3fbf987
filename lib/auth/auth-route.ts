import "server-only";
import { NextRequest } from "next/server";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import { requestMeta } from "@/lib/http/client-address";
import { BodyTooLarge, readLimited } from "@/lib/http/read-limited";
import { publicOrigin } from "@/lib/http/public-origin";
import { log } from "@/lib/log";
import { ssoConfig } from "./sso-config";

type AuthHandler = (request: NextRequest) => Promise<Response>;

const SSO_CALLBACK_PATH = "/api/auth/callback/sso";

/** Auth.js's forms (sign-in, sign-out, CSRF) are a few hundred bytes. */
export const AUTH_MAX_BODY_BYTES = 64 * 1024;

/**
 * Auth.js reads a POST's body whole (request.text()) before it knows who is asking, and
 * these routes answer anybody: hand it the body only once it is read under a cap. A
 * refusal closes the connection, so Node does not go on reading the rest of the upload.
 */
export async function withCappedBody(request: NextRequest, handle: (request: NextRequest) => Promise<Response>): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readLimited(request, AUTH_MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return new Response(`The body is larger than ${AUTH_MAX_BODY_BYTES / 1024} KiB.`, {
      status: 413,
      headers: { "cache-control": "no-store", connection: "close" },
    });
  }
  return handle(new NextRequest(request.url, { method: "POST", headers: request.headers, body: Buffer.from(body) }));
}

/**
 * Auth.js's route (/api/auth/*) as the console serves it:
 * - at the origin the browser uses (lib/http/public-origin.ts), not Next's own
 *   http://localhost:<port>: Auth.js builds the redirect URI it sends the identity
 *   provider, and the page it returns to, from the request's URL;
 * - a failed single sign-on callback (the provider's error, a missing PKCE or state
 *   cookie, a rejected code or token) is audited with the address, user agent and the
 *   provider's error code, and lands on the sign-in page with a reason, where Auth.js
 *   would show "Server error". Refusals of the identity itself were audited by
 *   resolveSsoStaff and already carry their reason.
 */
export async function handleAuthRoute(request: NextRequest, handler: AuthHandler): Promise<Response> {
  const origin = publicOrigin(request.headers);
  const { href, origin: nextOrigin } = request.nextUrl;
  const seen = origin && origin !== nextOrigin ? new NextRequest(href.replace(nextOrigin, origin), request) : request;
  const response = await handler(seen);
  if (request.nextUrl.pathname !== SSO_CALLBACK_PATH) return response;
  const location = response.headers.get("location");
  if (!location) return response;
  const target = new URL(location, seen.nextUrl);
  const error = target.searchParams.get("error");
  if (target.pathname !== "/sign-in" || !error || error.startsWith("sso-")) return response;

  // The provider's own error code (RFC 6749: ASCII letters and underscores), if it sent one.
  const providerError = /^[a-z_]{1,64}$/.exec(request.nextUrl.searchParams.get("error") ?? "")?.[0] ?? null;
  const reason = providerError === "access_denied" ? "sso-cancelled" : "sso-failed";
  try {
    await writeAudit(getDb(), {
      actor: { id: null, email: "" },
      action: "auth.sign_in",
      outcome: "REFUSED",
      code: "PROVIDER_ERROR",
      detail: { provider: "sso", issuer: ssoConfig()?.issuer ?? null, error: error.slice(0, 64), providerError },
      ...requestMeta(request.headers),
    });
  } catch (auditError) {
    log.error("auditing a failed single sign-on failed", { error: auditError });
  }
  const headers = new Headers(response.headers);
  headers.set("location", new URL(`/sign-in?error=${reason}`, target).toString());
  return new Response(null, { status: response.status, headers });
}
