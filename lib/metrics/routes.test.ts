import { describe, expect, it } from "vitest";
import { requestPath, routeMatcher } from "./routes";

// The shape of .next/routes-manifest.json's entries, as Next 16 writes them.
const match = routeMatcher({
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/api/health/ready", regex: "^/api/health/ready(?:/)?$" },
  ],
  dynamicRoutes: [
    { page: "/accounts/[id]", regex: "^/accounts/([^/]+?)(?:/)?$" },
    { page: "/api/accounts/[id]/attempts/live", regex: "^/api/accounts/([^/]+?)/attempts/live(?:/)?$" },
    { page: "/api/auth/[...nextauth]", regex: "^/api/auth/(.+?)(?:/)?$" },
  ],
});

describe("the request histogram's route label", () => {
  it("is the app route's template, never the ids, emails or tokens in the path", () => {
    expect(match(requestPath("/accounts/4756?tab=timeline"))).toBe("/accounts/[id]");
    expect(match(requestPath("/api/accounts/4756/attempts/live"))).toBe("/api/accounts/[id]/attempts/live");
    expect(match(requestPath("/api/auth/callback/credentials"))).toBe("/api/auth/[...nextauth]");
    expect(match(requestPath("/api/health/ready/"))).toBe("/api/health/ready");
    expect(match(requestPath("/"))).toBe("/");
  });

  it("is one value for every path no route serves, and one for Next's own files", () => {
    expect(match(requestPath("/reset?email=someone@example.com"))).toBe("other");
    expect(match(requestPath("/wp-login.php"))).toBe("other");
    expect(match(requestPath("/_next/static/chunks/abc123.js"))).toBe("/_next");
  });
});
