// Where to go after sign-in, from a `callbackUrl` anybody can put in a link. Browsers
// are lenient about what a Location header means: `/\t/evil.example` (a tab, which they
// strip) and `/\evil.example` (a backslash, which they read as a slash) both leave the
// site, and a newline broke the response. So the value is resolved against a stand-in
// origin exactly as a browser would resolve it, must stay on that origin, and anything
// with control characters or backslashes goes home instead.
const STAND_IN = "http://console.invalid";
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/** A path on this console (resolved as a browser would), or "/" for anything else. */
export function sameOriginPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2000 || !value.startsWith("/") || UNSAFE.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, STAND_IN);
  } catch {
    return "/";
  }
  if (url.origin !== STAND_IN) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Decoded, the path must not turn into something else either (e.g. `/%2F%2Fevil`).
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  return path;
}

/** A same-site page to return to after sign-in (not sign-in itself, nor an API); else "/". */
export function safeRedirectPath(value: unknown): string {
  const path = sameOriginPath(value);
  if (path === "/sign-in" || path.startsWith("/sign-in?") || path.startsWith("/sign-in/") || path.startsWith("/api/")) return "/";
  return path;
}
