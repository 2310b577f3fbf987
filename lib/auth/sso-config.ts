// Single sign-on's settings, read in one place: Auth.js's provider, the sign-in page's
// button, the proxy's Content-Security-Policy and the callback's audit entries agree on
// whether it is on and which issuer it trusts. No server-only import: proxy.ts reads it.
import { config, type Config } from "@/lib/config";

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label: "Sign in with <name>". */
  name: string;
}

/** The settings when all three of issuer, client id and secret are set; else single sign-on is off. */
export function ssoConfig(c: Config = config()): SsoConfig | null {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: clientId, AUTH_OIDC_CLIENT_SECRET: clientSecret } = c;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: c.AUTH_OIDC_NAME };
}

/**
 * The identity provider's origin, which the sign-in form may end up at: without
 * JavaScript the SSO button is a plain form POST that the console answers with a redirect
 * to the provider, and browsers hold a form's redirects to the page's `form-action`.
 */
export function ssoFormActionOrigin(c: Config = config()): string | null {
  const sso = ssoConfig(c);
  if (!sso) return null;
  try {
    const url = new URL(sso.issuer);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}
