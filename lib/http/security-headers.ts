// The Content-Security-Policy the console runs under. Scripts need a per-request nonce
// ('strict-dynamic' lets Next's own chunks load what they import); styles allow inline
// because React and Next set style attributes. Nothing may frame the console. Forms post
// to the console only, and to the single sign-on provider's origin when one is configured
// (the SSO button's POST is answered with a redirect there, which form-action covers).
export function contentSecurityPolicy(nonce: string, dev: boolean, formOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formOrigins].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}
