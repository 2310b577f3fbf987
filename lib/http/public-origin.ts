import { config, type Config } from "@/lib/config";

/**
 * The origin a browser uses to reach the console, for the URLs the console hands out
 * about itself (the single sign-on redirect URI above all):
 * - AUTH_URL when set: a deployment says where it lives;
 * - else the Host header the browser sent, over http, or over the scheme in
 *   X-Forwarded-Proto when TRUSTED_PROXY_HOPS says a proxy we run writes it.
 * X-Forwarded-Host is never read: a client could write it (the console's own server drops
 * it, lib/http/console-server.ts). Next's own request URL is no answer either: it is
 * always the address Next was started with (http://localhost:<port>), whatever the
 * browser typed, which is how every redirect URI used to name localhost.
 * Null when there is no usable Host (HTTP/1.0, a malformed value).
 */
export function publicOrigin(headers: Headers, c: Config = config()): string | null {
  const configured = c.AUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // Auth.js ignores an unparsable AUTH_URL the same way: fall through to the Host.
    }
  }
  const host = headers.get("host")?.trim().toLowerCase() ?? "";
  // A host name or address and an optional port, nothing else (no user info, path or spaces).
  if (!/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(host)) return null;
  const forwarded = c.TRUSTED_PROXY_HOPS > 0 ? headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() : undefined;
  const scheme = forwarded === "https" ? "https" : "http";
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}
