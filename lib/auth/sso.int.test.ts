// Single sign-on reaches a staff user only by the provider's verified email, exactly,
// on first sign-in, and by the provider's subject after that; nobody else gets in,
// whatever the identity provider vouches for.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { authConfig } from "./auth";
import { ssoIdentityFrom } from "./sso";

vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.7", "user-agent": "sso-test-browser" })),
}));
process.env.CONSOLE_PEER_STAMPED = "1";
process.env.AUTH_OIDC_ISSUER = "https://idp.example.test";
process.env.AUTH_OIDC_CLIENT_ID = "console";
process.env.AUTH_OIDC_CLIENT_SECRET = "sso-test-secret";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await t.db.staffUser.createMany({
    data: [
      { email: "Lead@Console.test", name: "Lead", role: "LEAD" },
      { email: "gone@console.test", name: "Gone", role: "ADMIN", disabledAt: new Date() },
      { email: "jxdoe@corp.test", name: "J. X. Doe", role: "ADMIN" },
      { email: "agent@corp.test", name: "Agent", role: "AGENT" },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

type SignInArgs = Parameters<typeof authConfig.callbacks.signIn>[0];
/** The ID token Auth.js has validated (only its payload is read), and the userinfo answer as `profile`. */
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
const ssoSignIn = (subject: string, email: string | null, emailVerified: unknown) => {
  const user: SignInArgs["user"] = { email, name: "From IdP" };
  const allowed = authConfig.callbacks.signIn({
    user,
    account: { provider: "sso", type: "oidc", providerAccountId: subject, id_token: jwt({ sub: subject }) },
    profile: { sub: subject, email, email_verified: emailVerified as boolean },
  });
  return { user, allowed };
};
const lastEntry = () => t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

const REASONS: Record<string, string> = {
  UNKNOWN_EMAIL: "sso-unknown",
  DISABLED: "sso-disabled",
  EMAIL_NOT_VERIFIED: "sso-unverified",
  SUBJECT_MISMATCH: "sso-other-identity",
  NO_SUBJECT: "sso-failed",
};

describe("SSO sign-in", () => {
  it("lets in an enabled staff user (any case) with the console's own id and role, and binds the subject", async () => {
    const { user, allowed } = ssoSignIn("idp|lead", "lead@console.TEST", true);
    expect(await allowed).toBe(true);
    const staff = await t.db.staffUser.findFirstOrThrow({ where: { email: "Lead@Console.test" } });
    expect(user).toMatchObject({ id: staff.id, role: "LEAD", name: "Lead" });
    expect(staff.ssoSubject).toBe("idp|lead");
    expect(staff.lastSignInAt).not.toBeNull();
    const entry = await lastEntry();
    expect(entry).toMatchObject({ action: "auth.sign_in", outcome: "DONE", actorId: staff.id, ip: "203.0.113.7", userAgent: "sso-test-browser" });
    expect(entry.detail).toEqual({
      provider: "sso",
      issuer: "https://idp.example.test",
      subject: "idp|lead",
      providerEmail: "lead@console.test",
      emailVerified: true,
      boundSubject: true,
    });
  });

  it("matches later sign-ins by subject, even after the email changed at the provider", async () => {
    const { user, allowed } = ssoSignIn("idp|lead", "lena.renamed@corp.test", true);
    expect(await allowed).toBe(true);
    expect(user).toMatchObject({ role: "LEAD", email: "Lead@Console.test" });
  });

  it.each([
    ["idp|stranger", "stranger@console.test", true, "UNKNOWN_EMAIL"],
    ["idp|gone", "gone@console.test", true, "DISABLED"],
    ["idp|nomail", null, true, "UNKNOWN_EMAIL"],
    // Security review: `j_doe@corp` matched `jxdoe@corp` through an unescaped ILIKE.
    ["idp|j_doe", "j_doe@corp.test", true, "UNKNOWN_EMAIL"],
    ["idp|pct", "%@corp.test", true, "UNKNOWN_EMAIL"],
    // An address the provider has not verified proves nothing.
    ["idp|unverified", "agent@corp.test", false, "EMAIL_NOT_VERIFIED"],
    ["idp|unverified2", "agent@corp.test", "true", "EMAIL_NOT_VERIFIED"],
    ["idp|unverified3", "agent@corp.test", undefined, "EMAIL_NOT_VERIFIED"],
    // A second provider identity cannot claim a staff user already bound to another.
    ["idp|impostor", "lead@console.test", true, "SUBJECT_MISMATCH"],
    ["", "agent@corp.test", true, "NO_SUBJECT"],
  ])("turns away subject %j with email %j (verified: %j) and audits %s", async (subject, email, verified, code) => {
    expect(await ssoSignIn(subject, email, verified).allowed).toBe(`/sign-in?error=${REASONS[code]}`);
    const entry = await lastEntry();
    expect(entry).toMatchObject({ outcome: "REFUSED", code, actorEmail: email?.toLowerCase() ?? "", ip: "203.0.113.7", userAgent: "sso-test-browser" });
    expect(entry.detail).toMatchObject({ provider: "sso", issuer: "https://idp.example.test", subject: subject || null });
  });

  it("leaves the agent unbound after the refused attempts", async () => {
    expect((await t.db.staffUser.findFirstOrThrow({ where: { email: "agent@corp.test" } })).ssoSubject).toBeNull();
  });
});

// Issue 19 item 9: the profile was read from the ID token only, so a provider that sends
// email and email_verified from userinfo (oidc-provider's default) had every staff member
// refused as unknown, with a blank email in the audit trail.
describe("the identity read from the provider's answers", () => {
  const issuer = "https://idp.example.test";
  it("takes email and email_verified from userinfo when the ID token has none", () => {
    expect(ssoIdentityFrom(issuer, { sub: "s1" }, { sub: "s1", email: "a@corp.test", email_verified: true })).toEqual({
      issuer,
      subject: "s1",
      email: "a@corp.test",
      emailVerified: true,
    });
  });

  it("takes them from the ID token when userinfo has no email", () => {
    expect(ssoIdentityFrom(issuer, { sub: "s1", email: "a@corp.test", email_verified: true }, { sub: "s1" })).toMatchObject({
      email: "a@corp.test",
      emailVerified: true,
    });
  });

  it("never pairs one answer's verified flag with the other's address", () => {
    const identity = ssoIdentityFrom(issuer, { sub: "s1", email: "old@corp.test", email_verified: true }, { sub: "s1", email: "new@corp.test" });
    expect(identity).toMatchObject({ email: "new@corp.test", emailVerified: undefined });
  });

  it("signs in a staff user whose email only userinfo carries", async () => {
    await t.db.staffUser.create({ data: { email: "userinfo@corp.test", name: "Userinfo", role: "AGENT" } });
    const user: SignInArgs["user"] = { email: "userinfo@corp.test" };
    const allowed = await authConfig.callbacks.signIn({
      user,
      account: { provider: "sso", type: "oidc", providerAccountId: "idp|ui", id_token: jwt({ sub: "idp|ui", iss: issuer }) },
      profile: { sub: "idp|ui", email: "userinfo@corp.test", email_verified: true },
    });
    expect(allowed).toBe(true);
    expect(user).toMatchObject({ role: "AGENT", name: "Userinfo" });
  });
});
