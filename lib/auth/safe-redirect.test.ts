import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/accounts/12?tab=timeline", "/accounts/12?tab=timeline"],
    ["/audit/log?actor=lead%40console.example#row-3", "/audit/log?actor=lead%40console.example#row-3"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["/sign-in", "/"],
    ["/sign-in?callbackUrl=/staff", "/"],
    ["/api/auth/signout", "/"],
    [undefined, "/"],
    [42, "/"],
    // Security review: `?callbackUrl=/%09/evil.example` answered `Location: /<TAB>/evil.example`,
    // which a browser follows to http://evil.example/; `%0a` gave a 500.
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r\nSet-Cookie: x=1", "/"],
    ["/ /evil.example", "/%20/evil.example"],
    ["/\u0000", "/"],
    ["/./evil.example/..//x", "/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["x".repeat(3000), "/"],
  ])("%j -> %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
