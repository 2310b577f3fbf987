import { configFrom } from "@/lib/config";
import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressWarning, normaliseAddress, PEER_HEADER, peerHeaderIsStamped, requestMeta, trustedProxyHops } from "./client-address";

const h = (headers: Record<string, string>) => new Headers(headers);

describe("clientAddress with no trusted proxy (the default)", () => {
  it("is the TCP peer the console's server recorded", () => {
    expect(clientAddress(h({ [PEER_HEADER]: "198.51.100.4" }), 0)).toBe("198.51.100.4");
  });

  it("ignores X-Forwarded-For, which the client writes itself", () => {
    expect(clientAddress(h({ [PEER_HEADER]: "198.51.100.4", "x-forwarded-for": "203.0.113.5" }), 0)).toBe("198.51.100.4");
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.5" }), 0)).toBe("unknown");
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), 0)).toBe("unknown");
  });

  it("writes IPv4-mapped IPv6 peers as IPv4", () => {
    expect(clientAddress(h({ [PEER_HEADER]: "::ffff:127.0.0.1" }), 0)).toBe("127.0.0.1");
    expect(clientAddress(h({ [PEER_HEADER]: "::1" }), 0)).toBe("::1");
  });

  it("says unknown when there is nothing to go by, or nothing that is an address", () => {
    expect(clientAddress(h({}), 0)).toBe("unknown");
    expect(clientAddress(h({ [PEER_HEADER]: "=1+2" }), 0)).toBe("unknown");
    expect(clientAddress(h({ [PEER_HEADER]: "198.51.100.4, 203.0.113.5" }), 0)).toBe("unknown");
  });
});

describe("clientAddress behind N trusted proxies", () => {
  it("takes the Nth entry from the right of X-Forwarded-For, whatever the client put before it", () => {
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.5", [PEER_HEADER]: "10.0.0.2" }), 1)).toBe("203.0.113.5");
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }), 1)).toBe("203.0.113.5");
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" }), 2)).toBe("198.51.100.7");
  });

  it("says unknown when the chain is shorter than the proxies in front (the request bypassed them)", () => {
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.5" }), 2)).toBe("unknown");
    expect(clientAddress(h({ [PEER_HEADER]: "10.0.0.2" }), 1)).toBe("unknown");
  });

  it("says unknown for an entry that is not an address", () => {
    expect(clientAddress(h({ "x-forwarded-for": "=1+2" }), 1)).toBe("unknown");
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.5, <script>" }), 1)).toBe("unknown");
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.5, " }), 1)).toBe("unknown");
  });
});

describe("normaliseAddress", () => {
  it("keeps real addresses and nothing else", () => {
    expect(normaliseAddress(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(normaliseAddress("2001:DB8::1")).toBe("2001:db8::1");
    expect(normaliseAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    for (const garbage of ["", "unknown", "localhost", "192.0.2.256", "1.2.3", "192.0.2.1:443", "[::1]", "x".repeat(500), undefined, null]) {
      expect(normaliseAddress(garbage)).toBe("unknown");
    }
  });
});

describe("trustedProxyHops", () => {
  it("reads TRUSTED_PROXY_HOPS as a whole number of proxies, and the configuration refuses anything else at start", () => {
    expect(trustedProxyHops(configFrom({}))).toBe(0);
    expect(trustedProxyHops(configFrom({ TRUSTED_PROXY_HOPS: "" }))).toBe(0);
    expect(trustedProxyHops(configFrom({ TRUSTED_PROXY_HOPS: "2" }))).toBe(2);
    for (const raw of ["-1", "1.5", "two"]) expect(() => configFrom({ TRUSTED_PROXY_HOPS: raw }), raw).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});

describe("requestMeta", () => {
  it("carries the validated address and a clipped user agent", () => {
    expect(requestMeta(h({ [PEER_HEADER]: "::ffff:10.1.2.3", "user-agent": "u".repeat(400) }))).toEqual({ ip: "10.1.2.3", userAgent: "u".repeat(300) });
  });
});

// A bare `next start` (not the console's own server) passes a client's x-console-peer
// through untouched: there the header is never read.
describe("outside the console's own HTTP server", () => {
  it("does not read the peer header at all", () => {
    expect(clientAddress(new Headers({ [PEER_HEADER]: "198.51.100.4" }), 0, false)).toBe("unknown");
    expect(peerHeaderIsStamped(configFrom({}))).toBe(false);
    expect(peerHeaderIsStamped(configFrom({ CONSOLE_PEER_STAMPED: "1" }))).toBe(true);
  });
});

describe("clientAddressWarning (logged once at start)", () => {
  it("warns when nothing can tell client addresses: a bare next start without TRUSTED_PROXY_HOPS", () => {
    expect(clientAddressWarning(configFrom({}))).toMatch(/cannot know client addresses.*no per-address limit/);
    expect(clientAddressWarning(configFrom({ TRUSTED_PROXY_HOPS: "0" }))).toMatch(/cannot know client addresses/);
  });

  it("is quiet behind npm start's server or a configured proxy", () => {
    expect(clientAddressWarning(configFrom({ CONSOLE_PEER_STAMPED: "1" }))).toBeNull();
    expect(clientAddressWarning(configFrom({ TRUSTED_PROXY_HOPS: "1" }))).toBeNull();
  });

  it("never meets a TRUSTED_PROXY_HOPS that is not a number of proxies: the configuration names it at start", () => {
    expect(() => configFrom({ TRUSTED_PROXY_HOPS: "two", CONSOLE_PEER_STAMPED: "1" })).toThrow(
      'TRUSTED_PROXY_HOPS: must be a whole number from 0 to 10, not "two"',
    );
  });
});
