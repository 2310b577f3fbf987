// Single sign-on maps the identity provider's user to a staff user by email; nobody
// else gets in, whatever the identity provider vouches for.
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
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

type SignInArgs = Parameters<typeof authConfig.callbacks.signIn>[0];
const ssoSignIn = (email: string | null) => {
  const user: SignInArgs["user"] = { email, name: "From IdP" };
  return { user, allowed: authConfig.callbacks.signIn({ user, account: { provider: "sso", type: "oidc", providerAccountId: "x" } }) };
};

describe("SSO sign-in", () => {
  it("lets in an enabled staff user (any case) with the console's own id and role", async () => {
    const { user, allowed } = ssoSignIn("lead@console.TEST");
    expect(await allowed).toBe(true);
    const staff = await t.db.staffUser.findFirstOrThrow({ where: { email: "Lead@Console.test" } });
    expect(user).toMatchObject({ id: staff.id, role: "LEAD", name: "Lead" });
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ action: "auth.sign_in", outcome: "DONE", actorId: staff.id });
  });

  it.each([
    ["stranger@console.test", "UNKNOWN_EMAIL"],
    ["gone@console.test", "DISABLED"],
    [null, "UNKNOWN_EMAIL"],
  ])("turns away %s and audits why", async (email, code) => {
    expect(await ssoSignIn(email).allowed).toBe(false);
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ outcome: "REFUSED", code });
  });
});
