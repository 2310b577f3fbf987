import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./security-headers";

describe("security headers", () => {
  it("the production CSP allows only nonce'd scripts and no framing", () => {
    const csp = contentSecurityPolicy("abc", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("lets forms reach the single sign-on provider's origin only when one is configured", () => {
    expect(contentSecurityPolicy("abc", false)).toContain("form-action 'self';");
    expect(contentSecurityPolicy("abc", false, ["https://login.example.com"])).toContain("form-action 'self' https://login.example.com;");
  });
});
