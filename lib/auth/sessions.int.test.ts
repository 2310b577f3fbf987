// Auth.js's own callbacks and events (the real config, not a mock): which tokens are
// refreshed, and that its own sign-out endpoint revokes the session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { authConfig } from "./auth";

let t: TestDatabase;
let staffId = "";

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  staffId = (await t.db.staffUser.create({ data: { email: "lead@sessions.test", name: "Lead", role: "LEAD" } })).id;
});
afterAll(async () => {
  await t?.drop();
});

type JwtArgs = Parameters<typeof authConfig.callbacks.jwt>[0];
const refresh = (token: Record<string, unknown>) => authConfig.callbacks.jwt({ token, account: null } as JwtArgs);

describe("staff session tokens", () => {
  // Security review: tokens without a session id were accepted, and every response
  // re-issued an 8-hour cookie, so a session in use never ended.
  it("does not refresh a token without a session id, or one signed in more than 8 hours ago", () => {
    const now = Math.floor(Date.now() / 1000);
    expect(refresh({ sub: staffId, role: "ADMIN" })).toBeNull();
    expect(refresh({ sub: staffId, signedInAt: now })).toBeNull();
    expect(refresh({ sub: staffId, sid: "s1", signedInAt: now - 8 * 3600 - 60 })).toBeNull();
    expect(refresh({ sub: staffId, sid: "s1", signedInAt: now - 7 * 3600 })).toMatchObject({ sid: "s1" });
  });

  it("gives a new sign-in a session id and its sign-in time", () => {
    const fresh = authConfig.callbacks.jwt({ token: {}, user: { id: staffId, role: "LEAD" }, account: null });
    expect(fresh).toMatchObject({ sub: staffId });
    expect(typeof (fresh as { sid?: unknown } | null)?.sid).toBe("string");
    expect(typeof (fresh as { signedInAt?: unknown } | null)?.signedInAt).toBe("number");
  });

  // Security review: POST /api/auth/signout cleared the cookie but left the session id
  // valid, so a copy of the cookie (or a refreshed one in flight) still worked.
  it("revokes the session when Auth.js's own sign-out ends it, and audits it once", async () => {
    const token = { sub: staffId, sid: "auth-js-signout", email: "lead@sessions.test" };
    await authConfig.events.signOut({ token });
    await authConfig.events.signOut({ token });
    expect(await t.db.revokedStaffSession.findMany({ select: { sid: true, staffId: true } })).toEqual([{ sid: "auth-js-signout", staffId }]);
    expect(await t.db.auditEntry.count({ where: { action: "auth.sign_out", actorId: staffId } })).toBe(1);
  });

  it("sends every redirect to a path on the console", () => {
    const redirect = (url: string) => authConfig.callbacks.redirect({ url, baseUrl: "http://localhost:3000" });
    expect(redirect("/accounts/7")).toBe("http://localhost:3000/accounts/7");
    expect(redirect("http://localhost:3000/audit/log")).toBe("http://localhost:3000/audit/log");
    expect(redirect("https://evil.example/")).toBe("http://localhost:3000/");
    expect(redirect("/\t/evil.example")).toBe("http://localhost:3000/");
    expect(redirect("http://localhost:3000.evil.example/")).toBe("http://localhost:3000/");
    // Signing out lands on the sign-in page.
    expect(redirect("http://localhost:3000/sign-in")).toBe("http://localhost:3000/sign-in");
  });
});
