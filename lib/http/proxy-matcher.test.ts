// The proxy (proxy.ts) is the first gate: it sends anonymous visitors to sign-in and sets
// the CSP on every page. Its matcher must stay a literal for Next to read at build time,
// so this test reads it from the file and checks which paths it covers: every page and
// session API, and not the bearer-token APIs (the platform's machine-to-machine APIs, on a
// customer's critical path, and the staff API), nor the Zendesk sidebar (Zendesk's signed token).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const source = readFileSync(path.resolve(import.meta.dirname, "../../proxy.ts"), "utf8");
const literal = /matcher:\s*\["([^"]+)"\]/.exec(source)?.[1];
// Next matches the pattern against the whole pathname.
const matches = (pathname: string) => new RegExp(`^${literal ?? "(?!)"}$`).test(pathname);

describe("the proxy's matcher", () => {
  it("is a single literal pattern", () => {
    expect(literal).toBeDefined();
  });

  it.each([
    "/",
    "/accounts/12",
    "/audit/log",
    "/staff",
    "/sources",
    "/sign-in",
    "/api/auth/session",
    "/api/accounts/12/attempts/live",
    "/api/health",
    "/search/palette",
  ])("covers %s", (pathname) => {
    expect(matches(pathname)).toBe(true);
  });

  it.each([
    "/api/ingest/v1/events",
    "/api/ingest/v1/schema",
    "/api/platform/v1/tokens/redeem",
    "/api/staff/v1/search",
    "/api/staff/v1/accounts/12/password-reset",
    "/integrations/zendesk/sidebar",
    "/_next/static/chunks/app.js",
    "/icon.svg",
  ])("skips %s", (pathname) => {
    expect(matches(pathname)).toBe(false);
  });

  it("does not skip look-alikes of the platform paths", () => {
    expect(matches("/api/ingestion")).toBe(true);
    expect(matches("/api/platformish/x")).toBe(true);
    expect(matches("/api/staffing")).toBe(true);
  });
});
