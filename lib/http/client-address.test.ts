import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const h = (xff?: string) => new Headers(xff ? { "x-forwarded-for": xff } : {});

describe("clientAddress", () => {
  it("takes the peer that connected to the server, not what the client claims", () => {
    expect(clientAddress(h("6.6.6.6, 203.0.113.9"), 0)).toBe("203.0.113.9");
  });
  it("skips the configured number of trusted proxies", () => {
    expect(clientAddress(h("198.51.100.7, 10.0.0.2"), 1)).toBe("198.51.100.7");
  });
  it("says unknown when there is nothing to go by", () => {
    expect(clientAddress(h(), 0)).toBe("unknown");
  });
});
