// Runs before every request: anonymous visitors go to sign-in, and every response
// gets the Content-Security-Policy with a fresh nonce. This is only the first gate:
// every page, layout, route handler and server action checks the session and the
// role again itself (requireStaff / defineAction).
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_CLAIMS_HEADER, readSessionCookie, sealSessionClaims } from "@/lib/auth/proxy-session";
import { ssoFormActionOrigin } from "@/lib/auth/sso-config";
import { contentSecurityPolicy } from "@/lib/http/security-headers";
import { config as consoleConfig } from "@/lib/config";

const ssoOrigin = ssoFormActionOrigin();
const ssoFormOrigins = () => (ssoOrigin ? [ssoOrigin] : []);

// /api/ingest and /api/platform: no staff session; each route checks the platform
// source's bearer token (lib/platform/sources/authenticate.ts).
const PUBLIC_PATHS = ["/sign-in", "/api/auth", "/api/health", "/api/ingest", "/api/platform"];

// The session cookie is decrypted here once and never re-issued (lib/auth/proxy-session.ts
// says why); pages read the claims from the sealed header this sets.
export default async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  // The public APIs never look at a staff session; the sign-in page does (it sends the
  // signed-in onwards).
  const session = isPublic && pathname !== "/sign-in" ? null : await readSessionCookie(request.headers);
  if (!session && !isPublic) {
    if (pathname.startsWith("/api/")) {
      return NextResponse.json({ error: "sign in first" }, { status: 401 });
    }
    const url = new URL("/sign-in", request.nextUrl);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, consoleConfig().NODE_ENV === "development", ssoFormOrigins());
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  // Whatever a client sent under this name is dropped; only the proxy's own sealed value passes.
  requestHeaders.delete(SESSION_CLAIMS_HEADER);
  const sealed = session ? sealSessionClaims(session) : null;
  if (sealed) requestHeaders.set(SESSION_CLAIMS_HEADER, sealed);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // The favicon (app/icon.svg) is public, static and holds nothing: the sign-in page needs it too.
  // The platform's machine-to-machine APIs skip the proxy altogether: they answer JSON to a
  // bearer token (no pages, so no CSP nonce and no sign-in redirect), and a redemption is
  // on a customer's critical path, where the session decoding cost a few milliseconds.
  // The staff API (/api/staff/, lib/staff-api) likewise: a personal access token or the
  // Zendesk sidebar's integration token, never a session cookie, so the proxy's "sign in
  // first" would refuse every call.
  // The Zendesk sidebar's page and assets are framed by Zendesk and answer Zendesk's signed
  // token, never a staff session; the page sets its own CSP (lib/helpdesk/sidebar-page.ts).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/ingest/|api/platform/|api/staff/|integrations/zendesk/).*)"],
};
