// The single sign-on button when the identity provider cannot be reached: Auth.js answers
// with its own "Configuration" error page, which the console replaces with its sign-in
// page saying single sign-on did not complete, and audits.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";

// Auth.js reads its providers when ./auth is first imported: the settings come first.
const provider = vi.hoisted(() => {
  process.env.AUTH_SECRET = "sso-start-test-secret-0123456789-0123456789";
  process.env.AUTH_OIDC_CLIENT_ID = "console";
  process.env.AUTH_OIDC_CLIENT_SECRET = "sso-test-secret";
  process.env.CONSOLE_PEER_STAMPED = "1";
  return { issuer: "" };
});

vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ host: "console.test:3000", "x-console-peer": "203.0.113.8", "user-agent": "sso-start-browser" })),
  cookies: () => Promise.resolve({ set: () => undefined }),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
}));

let t: TestDatabase;
let down: Server;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  // An issuer that answers 500 to discovery: a provider that is down.
  down = createServer((_request, response) => {
    response.statusCode = 500;
    response.end();
  });
  await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
  provider.issuer = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
  process.env.AUTH_OIDC_ISSUER = provider.issuer;
});
afterAll(async () => {
  await new Promise<void>((resolve) => down.close(() => resolve()));
  await t?.drop();
});

describe("the single sign-on button", () => {
  it("lands on the sign-in page with a reason, and audits, when the provider cannot be reached", async () => {
    const { ssoSignInAction } = await import("./sign-in-actions");
    const form = new FormData();
    form.set("next", "/audit/log");
    await expect(ssoSignInAction(form)).rejects.toThrow("redirect:/sign-in?error=sso-failed");
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ action: "auth.sign_in", outcome: "REFUSED", code: "PROVIDER_ERROR", ip: "203.0.113.8", userAgent: "sso-start-browser" });
    expect(entry.detail).toMatchObject({ provider: "sso", issuer: provider.issuer, stage: "start" });
  });
});
