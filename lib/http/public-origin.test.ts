import { configFrom } from "@/lib/config";
import { describe, expect, it } from "vitest";
import { publicOrigin } from "./public-origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("the console's public origin (the single sign-on redirect URI's base)", () => {
  it("is the Host the browser used, not the address Next was started on", () => {
    expect(publicOrigin(headers({ host: "console.test:3205" }), configFrom({}))).toBe("http://console.test:3205");
    expect(publicOrigin(headers({ host: "127.0.0.1:3000" }), configFrom({}))).toBe("http://127.0.0.1:3000");
    expect(publicOrigin(headers({ host: "[::1]:3000" }), configFrom({}))).toBe("http://[::1]:3000");
  });

  it("is AUTH_URL's origin when set, whatever the request says", () => {
    const env = { AUTH_URL: "https://console.example.com/api/auth" };
    expect(publicOrigin(headers({ host: "evil.test", "x-forwarded-proto": "http" }), configFrom(env))).toBe("https://console.example.com");
  });

  it("never takes X-Forwarded-Host, and X-Forwarded-Proto only from a configured proxy", () => {
    const sent = headers({ host: "console.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" });
    expect(publicOrigin(sent, configFrom({}))).toBe("http://console.test");
    expect(publicOrigin(sent, configFrom({ TRUSTED_PROXY_HOPS: "1" }))).toBe("https://console.test");
  });

  it("has no answer for a missing or malformed Host", () => {
    expect(publicOrigin(headers({}), configFrom({}))).toBeNull();
    for (const host of ["evil.test/path", "user@evil.test", "a b", "evil.test:99999999"]) expect(publicOrigin(headers({ host }), configFrom({}))).toBeNull();
  });
});
