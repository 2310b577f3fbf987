// Single sign-on reaches a staff user only by the provider's verified email, exactly,
// on first sign-in, and by the provider's subject after that; nobody else gets in,
// whatever the identity provider vouches for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { authConfig } from "./auth";

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
const ssoSignIn = (subject: string, email: string | null, emailVerified: unknown) => {
  const user: SignInArgs["user"] = { email, name: "From IdP" };
  const allowed = authConfig.callbacks.signIn({
    user,
    account: { provider: "sso", type: "oidc", providerAccountId: subject },
    profile: { sub: subject, email, email_verified: emailVerified as boolean },
  });
  return { user, allowed };
};
const lastEntry = () => t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

describe("SSO sign-in", () => {
  it("lets in an enabled staff user (any case) with the console's own id and role, and binds the subject", async () => {
    const { user, allowed } = ssoSignIn("idp|lead", "lead@console.TEST", true);
    expect(await allowed).toBe(true);
    const staff = await t.db.staffUser.findFirstOrThrow({ where: { email: "Lead@Console.test" } });
    expect(user).toMatchObject({ id: staff.id, role: "LEAD", name: "Lead" });
    expect(staff.ssoSubject).toBe("idp|lead");
    expect(await lastEntry()).toMatchObject({ action: "auth.sign_in", outcome: "DONE", actorId: staff.id });
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
    expect(await ssoSignIn(subject, email, verified).allowed).toBe(false);
    expect(await lastEntry()).toMatchObject({ outcome: "REFUSED", code });
  });

  it("leaves the agent unbound after the refused attempts", async () => {
    expect((await t.db.staffUser.findFirstOrThrow({ where: { email: "agent@corp.test" } })).ssoSubject).toBeNull();
  });
});
