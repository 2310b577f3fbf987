// Findings of the security review that probed a running console with crafted requests,
// replayed against the real server: each fails if its fix is undone.
import { expect, test } from "@playwright/test";
import { createStaffUser, demoStaff, queryE2eDatabase, shortcutsReady, signIn, storageStateFor } from "./support";

test.describe("staff sign-in", () => {
  test("[ANYONE][SIGN_IN]: an email with _ or % is not a pattern that matches a real staff user", async ({ page }) => {
    const agent = demoStaff("AGENT");
    // `_gent@console.example` signed in as the agent through an unescaped ILIKE.
    await signIn(page, agent.email.replace(/^a/, "_"), agent.password);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is wrong.");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("[AGENT][SESSIONS]: Auth.js's own sign-out endpoint ends the session for good, even for a copy of the cookie", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const agent = demoStaff("AGENT");
    await signIn(page, agent.email, agent.password);
    await expect(page.getByTestId("signed-in-as")).toContainText(agent.name);
    const copy = await context.cookies();

    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signedOut = await page.request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
    expect(signedOut.status()).toBe(302);
    await context.close();

    // Somebody who kept the cookie (or a response in flight that refreshed it) replays it.
    const replay = await browser.newContext();
    await replay.addCookies(copy);
    const again = await replay.newPage();
    await again.goto("/");
    await expect(again).toHaveURL(/\/sign-in$/);
    await replay.close();
  });
});

test.describe("signed-in agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][REDIRECT]: a crafted callbackUrl never leaves the console", async ({ request }) => {
    // `/%09/evil.example` answered `Location: /<TAB>/evil.example`, which browsers follow
    // to http://evil.example/; `%0a` gave a 500.
    for (const callbackUrl of ["/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example", "//evil.example", "https://evil.example/"]) {
      const response = await request.get(`/sign-in?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
      expect(response.status(), callbackUrl).toBeGreaterThanOrEqual(300);
      expect(response.status(), callbackUrl).toBeLessThan(400);
      const location = response.headers().location ?? "";
      expect(new URL(location, "http://console.test").origin, `${callbackUrl} -> ${location}`).toBe("http://console.test");
      expect(location).not.toMatch(/evil|[\t\n\\]/);
    }
  });

  test("[AGENT][ACCOUNT]: a garbled account id shows that no such account exists, not another customer", async ({ page }) => {
    // z.coerce.number() opened these as accounts 16, 100, 3 and 241.
    for (const id of ["0x10", "1e2", "0b11", "00241"]) {
      const response = await page.goto(`/accounts/${id}`);
      expect(response?.status(), id).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`No account with id “${id}”`);
      await expect(page.getByText("whole digits with no leading zero")).toBeVisible();
    }
    await page.getByRole("link", { name: "Back to search" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("searchbox", { name: "Find a customer" })).toBeVisible();
  });

  test("[AGENT][ACCOUNT]: a well-formed id of no account answers a real 404, though the account page streams behind skeletons", async ({ page }) => {
    // The page checks the id exists before its first byte; only then do the sections stream.
    const response = await page.goto("/accounts/2147483647");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^No account/);
    await expect(page.getByTestId("account-skeleton")).toHaveCount(0);
  });
});

test.describe("the audit trail records what the agent opened, and only that", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("[AGENT][AUDIT]: a search listing records the search, not a view of every result; an account page records one view", async ({ page }) => {
    // An agent of its own, so other specs' views do not mix into the counts.
    const agent = await createStaffUser("AGENT", "Audit Counter");
    await signIn(page, agent.email, agent.password);
    await expect(page.getByTestId("signed-in-as")).toContainText(agent.name);
    const views = async () =>
      queryE2eDatabase<{ action: string; target: number | null; n: number }>(
        `SELECT e.action, e.target_account_id AS target, count(*)::int AS n FROM audit_entries e JOIN staff_users s ON s.id = e.actor_id
          WHERE s.email = $1 AND e.action IN ('account.view', 'customer.search') GROUP BY 1, 2 ORDER BY 1, 2`,
        [agent.email],
      );
    // Every demo account's username starts with "demo-": a listing of many links to account pages.
    await page.goto("/?q=demo-&list=1");
    const results = page.locator("[data-result-link]");
    await expect(results.first()).toBeVisible();
    expect(await results.count()).toBeGreaterThan(5);
    // Next prefetches the links in view once the page is hydrated: wait for hydration,
    // then for the network to go quiet (the prefetches, if any, have been answered).
    const settled = async () => {
      await shortcutsReady(page);
      await page.waitForLoadState("networkidle");
    };
    await settled();
    expect(await views()).toEqual([{ action: "customer.search", target: null, n: 1 }]);
    await results.first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^demo-/);
    const opened = Number(/\/accounts\/(\d+)/.exec(page.url())?.[1]);
    await settled();
    expect(await views()).toEqual([
      { action: "account.view", target: opened, n: 1 },
      { action: "customer.search", target: null, n: 1 },
    ]);
  });
});
