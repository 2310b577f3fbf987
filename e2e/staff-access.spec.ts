import { expect, test } from "@playwright/test";
import { demoStaff, signIn, storageStateFor } from "./support";

test.describe("anonymous visitors", () => {
  test("[ANONYMOUS][ACCESS]: every console page sends them to sign-in, keeping where they were going", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/staff");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fstaff$/);
    await expect(page.getByRole("heading", { name: "Access console" })).toBeVisible();
  });

  test("[ANONYMOUS][HEADERS]: responses carry the CSP and anti-framing headers and do not name the framework", async ({ request }) => {
    const response = await request.get("/sign-in");
    const headers = response.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-powered-by"]).toBeUndefined();
  });
});

test.describe("signing in", () => {
  test("[ANYONE][SIGN_IN]: a wrong password gets one vague message, and the form keeps the email", async ({ page }) => {
    await signIn(page, demoStaff("AGENT").email, "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is wrong.");
    await expect(page.getByLabel("Email")).toHaveValue(demoStaff("AGENT").email);
  });

  test("[ANYONE][LOCKOUT]: repeated failures lock the sign-in without saying whether the email exists", async ({ page }) => {
    const email = `guesser-${Date.now()}@console.example`;
    for (let i = 0; i < 5; i++) {
      await signIn(page, email, `guess-${i}`);
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is wrong.");
    }
    await signIn(page, email, "guess-6");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("temporarily locked");
  });

  test("[AGENT][SIGN_OUT]: signing out ends the session", async ({ page }) => {
    const agent = demoStaff("AGENT");
    await signIn(page, agent.email, agent.password);
    await expect(page.getByTestId("signed-in-as")).toContainText(agent.name);
    // The session cookie is out of reach of page scripts and of cross-site posts.
    const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

for (const role of ["AGENT", "LEAD"] as const) {
  test.describe(`${role.toLowerCase()}s`, () => {
    test.use({ storageState: storageStateFor(role) });

    test(`[${role}][NAVIGATION]: sees the console without the admin's staff page, and cannot open it by URL`, async ({ page }) => {
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Search" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Staff" })).toHaveCount(0);
      const response = await page.goto("/staff");
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    });
  });
}

test.describe("admins", () => {
  test.use({ storageState: storageStateFor("ADMIN") });

  test("[ADMIN][NAVIGATION]: sees and opens the staff page", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
});
