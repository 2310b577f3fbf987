// Single sign-on's settings, read in one place: Auth.js's provider, the sign-in page's
// button, the proxy's Content-Security-Policy and the callback's audit entries agree on
// whether it is on and which issuer it trusts. No server-only import: proxy.ts reads it.

type Env = Partial<Record<string, string>>;

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label: "Sign in with <name>". */
  name: string;
}

/** The settings when all three of issuer, client id and secret are set; else single sign-on is off. */
export function ssoConfig(env: Env = process.env): SsoConfig | null {
  const issuer = env.AUTH_OIDC_ISSUER?.trim();
  const clientId = env.AUTH_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.AUTH_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: env.AUTH_OIDC_NAME?.trim() || "single sign-on" };
}

/**
 * The identity provider's origin, which the sign-in form may end up at: without
 * JavaScript the SSO button is a plain form POST that the console answers with a redirect
 * to the provider, and browsers hold a form's redirects to the page's `form-action`.
 */
export function ssoFormActionOrigin(env: Env = process.env): string | null {
  const config = ssoConfig(env);
  if (!config) return null;
  try {
    const url = new URL(config.issuer);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}
