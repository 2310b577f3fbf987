import { isIP } from "node:net";
import { config, type Config } from "@/lib/config";

// The client's IP for lockouts and the audit trail, which no client may choose.
//
// `npm start` serves the console through its own HTTP server (scripts/serve.ts), which
// writes the TCP peer's address into PEER_HEADER on every request and discards whatever
// a client sent under that name. `next start` gives no such guarantee: it only fills in
// X-Forwarded-For when the client sent none, so a client could pick its own address.
//
// TRUSTED_PROXY_HOPS = 0 (the default): the peer is the client.
// TRUSTED_PROXY_HOPS = N > 0: N reverse proxies you run are in front, each appending the
// address it received the request from to X-Forwarded-For; the Nth entry from the right
// is the one the outermost proxy saw. Entries further left came from the client.
export const PEER_HEADER = "x-console-peer";

export const UNKNOWN_ADDRESS = "unknown";

/** A real IPv4 or IPv6 address (IPv4-mapped IPv6 as plain IPv4), or "unknown". */
export function normaliseAddress(value: string | null | undefined): string {
  const trimmed = value?.trim() ?? "";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  const candidate = mapped?.[1] ?? trimmed;
  switch (isIP(candidate)) {
    case 4:
      return candidate;
    case 6:
      return candidate.toLowerCase();
    default:
      return UNKNOWN_ADDRESS;
  }
}

export function trustedProxyHops(c: Config = config()): number {
  return c.TRUSTED_PROXY_HOPS;
}

/**
 * Set to "1" by scripts/serve.ts in the process that serves Next behind the console's own
 * HTTP server, the only place PEER_HEADER is known to be written by us. Run any other way
 * (a bare `next start`), the header could come from the client, so it is not read at all
 * and the address is "unknown".
 */
export const PEER_STAMPED_ENV = "CONSOLE_PEER_STAMPED";

export function peerHeaderIsStamped(c: Config = config()): boolean {
  return c.CONSOLE_PEER_STAMPED === "1";
}

export function clientAddress(headers: Headers, hops = trustedProxyHops(), stamped = peerHeaderIsStamped()): string {
  if (hops === 0) return stamped ? normaliseAddress(headers.get(PEER_HEADER)) : UNKNOWN_ADDRESS;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim());
  // Shorter than the proxies we were told about: the request did not come through them.
  if (chain.length < hops || (chain.length === 1 && chain[0] === "")) return UNKNOWN_ADDRESS;
  return normaliseAddress(chain[chain.length - hops]);
}

/**
 * Why this process cannot know client addresses, or null. Every request's address is
 * then "unknown": the audit trail records none, and sign-in drops its per-address limit
 * (one shared bucket would let 20 wrong guesses lock out every staff member). Logged
 * once at start (instrumentation.ts), where an operator reads it.
 */
export function clientAddressWarning(c: Config = config()): string | null {
  // A TRUSTED_PROXY_HOPS that is not a whole number never gets this far: the
  // configuration refuses it at start (lib/config.ts).
  return trustedProxyHops(c) === 0 && !peerHeaderIsStamped(c) ? NO_ADDRESS : null;
}

const NO_ADDRESS =
  "The console cannot know client addresses: it is not served by `npm start` (which stamps each request's TCP peer) and " +
  "TRUSTED_PROXY_HOPS is not set, so every address is recorded as unknown and sign-in applies no per-address limit " +
  "(the per-email and per-user limits still hold). Serve it with `npm start`, or set TRUSTED_PROXY_HOPS to the number of proxies you run in front of it.";

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientAddress(headers), userAgent: headers.get("user-agent")?.slice(0, 300) ?? null };
}
