import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { e2ePlatform, platformEvent } from "./platform";
import { createStaffUser, demoStaff, queryE2eDatabase, shortcutsReady, signIn, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/**
 * A customer of this test's own, made through the platform's ingest API, with a burst of
 * identical failures. Its own account, because other specs post attempts to whichever
 * account is newest, and a foreign row in the middle would rightly break the run.
 */
async function customerWithRepeatedFailures(request: APIRequestContext, ip: string): Promise<{ id: number; attemptIds: string[] }> {
  const platformId = `acct_runs_${randomUUID().slice(0, 8)}`;
  const username = `e2e-runs-${platformId.slice(-8)}`;
  const platform = await e2ePlatform(request, `e2e-runs-${platformId.slice(-8)}`);
  await platform.post([platformEvent("account.created", { account_id: platformId, username, email: `${username}@runs.example` }, 60)]);
  const failures = [1, 2, 3, 4, 5].map((minutesAgo) =>
    platformEvent(
      "login.attempted",
      { account_id: platformId, channel: "web", outcome: "failure", reason: "wrong_password", username_tried: username, ip },
      minutesAgo,
    ),
  );
  expect((await platform.post(failures)).body).toMatchObject({ accepted: 5 });
  const [account] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE external_id = $1`, [platformId]);
  if (!account) throw new Error("the ingested account is missing");
  const rows = await queryE2eDatabase<{ id: string }>(`SELECT id::text AS id FROM login_attempts WHERE account_id = $1 ORDER BY occurred_at`, [account.id]);
  return { id: account.id, attemptIds: rows.map((r) => r.id) };
}

test("[AGENT][NAVIGATION]: / focuses the header search from any page (not while typing), and it opens the search page", async ({ page }) => {
  await page.goto("/?q=demo-healthy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-healthy");
  const header = page.getByRole("searchbox", { name: "Search customers" });
  await shortcutsReady(page);
  await page.keyboard.press("/");
  await expect(header).toBeFocused();
  await header.fill("demo-ban");
  await header.press("Enter");
  await expect(page).toHaveURL(/\/\?q=demo-ban$/);
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  // In a field, `/` is just a character.
  const main = page.getByRole("searchbox", { name: "Find a customer" });
  await main.fill("a");
  await main.press("/");
  await expect(main).toHaveValue("a/");
  await expect(main).toBeFocused();
});

test("[AGENT][PALETTE]: Ctrl-K opens the palette, the arrows choose, Enter opens the account with focus on its heading; Esc closes and returns focus", async ({
  page,
}) => {
  test.slow(); // axe on a shared CI machine takes seconds
  await page.goto("/?q=demo-healthy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-healthy");
  const palette = page.getByRole("dialog", { name: "Jump to a customer" });
  await shortcutsReady(page);

  await page.getByRole("link", { name: "Search", exact: true }).focus();
  await page.keyboard.press("Control+k");
  await expect(palette).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await expect(page.getByRole("link", { name: "Search", exact: true })).toBeFocused();

  await page.keyboard.press("Control+k");
  const box = palette.getByRole("combobox");
  await expect(box).toBeFocused();
  await box.fill("locked@demo.example");
  const option = palette.getByRole("option").first();
  await expect(option).toContainText("demo-locked");
  await expect(option).toHaveAttribute("aria-selected", "true");
  expect(await seriousViolations(page)).toEqual([]);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/accounts\/\d+\?from=/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText("demo-locked");
  await expect(heading).toBeFocused();
  // The ring is drawn (not just focus in the DOM).
  expect(await heading.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
});

test("[AGENT][PALETTE]: a palette lookup is audited like a search", async ({ page }) => {
  const agent = demoStaff("AGENT");
  const count = async () =>
    (
      await queryE2eDatabase<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_entries WHERE actor_email = $1 AND action = 'customer.search' AND detail->>'query' = 'at-risk@demo.example'",
        [agent.email],
      )
    )[0]?.n ?? 0;
  const before = await count();
  await page.goto("/");
  await shortcutsReady(page);
  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Jump to a customer" }).getByRole("combobox").fill("at-risk@demo.example");
  await expect(page.getByRole("option").first()).toContainText("demo-at-risk");
  expect(await count()).toBeGreaterThan(before);
});

test("[AGENT][RECENT]: the home page lists the accounts this agent opened last, newest first, with working numbers and links", async ({ browser }) => {
  test.slow(); // axe on a shared CI machine takes seconds
  // An agent of its own: the demo agent opens accounts in every other spec at the same time.
  const agent = await createStaffUser("AGENT", "Recent Reader");
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, agent.email, agent.password);
  await expect(page.getByTestId("signed-in-as")).toContainText(agent.name);
  await page.goto("/?q=demo-forgot-username");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-forgot-username");
  await page.goto("/?q=demo-shared-login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-shared-login");
  await page.goto("/");
  const recent = page.getByTestId("recent-accounts");
  await expect(recent).toContainText("demo-shared-login");
  await expect(recent).toContainText("demo-forgot-username");
  expect(await recent.locator("li").count()).toBeLessThanOrEqual(10);
  const names = await recent.locator("li a").allInnerTexts();
  expect(names.indexOf("demo-shared-login")).toBeLessThan(names.indexOf("demo-forgot-username"));
  expect(await seriousViolations(page)).toEqual([]);
  await recent.getByRole("link", { name: "demo-forgot-username" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-forgot-username");
});

test("[AGENT][TITLE]: the tab title names the customer and the header's verdict", async ({ page }) => {
  await page.goto("/?q=banned@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-banned");
  await expect(page).toHaveTitle("demo-banned · Banned · Access console");
  await page.goto("/?q=locked@demo.example");
  await expect(page).toHaveTitle(/^demo-locked · Locked · \d+ days left · Access console$/);
  await page.goto("/?q=unconfirmed@demo.example");
  await expect(page).toHaveTitle("demo-unconfirmed · Sign-up (unconfirmed) · Access console");
  await page.goto("/accounts/999999999");
  await expect(page).toHaveTitle("No such account · Access console");
  await expect(page.getByRole("link", { name: "Back to search" })).toBeVisible();
});

test("[AGENT][TIMELINE]: repeated identical failures show as one collapsed row, and an evidence link to any of them focuses it", async ({ page, request }) => {
  test.slow(); // axe on a shared CI machine takes seconds
  const ip = "198.51.100.213";
  const customer = await customerWithRepeatedFailures(request, ip);
  await page.goto(`/accounts/${customer.id}`);
  const rows = page.getByTestId("timeline").locator("li[data-timeline-entry]").filter({ hasText: ip });
  await expect(rows).toHaveCount(1);
  await expect(rows).toHaveAttribute("data-count", "5");
  await expect(rows).toContainText("Wrong password × 5");
  await expect(rows.locator("time")).toHaveAttribute("title", /UTC to .* UTC$/);
  await expect(rows).toContainText(/ago/);
  expect(await seriousViolations(page)).toEqual([]);

  // A member in the middle of the run, as a finding's evidence link would name it.
  await page.goto(`/accounts/${customer.id}#login_attempt-${customer.attemptIds[2]}`);
  const jumped = page.locator("li[data-jumped]");
  await expect(jumped).toHaveCount(1);
  await expect(jumped).toBeFocused();
  await expect(jumped).toContainText("Wrong password × 5");
});

test("[AGENT][TIMELINE]: staff page views are hidden by default, and the Staff actions filter shows them", async ({ page }) => {
  await page.goto("/?q=forgot-password@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-forgot-password");
  // Opened once more, so there is certainly a view of this account on record.
  await page.reload();
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toBeVisible();
  await expect(timeline).not.toContainText("Viewed an account ·");
  await expect(page.getByTestId("staff-views-hidden")).toBeVisible();
  await page.getByRole("navigation", { name: "Timeline filters" }).getByRole("link", { name: "Staff actions" }).click();
  await expect(page).toHaveURL(/kind=staff/);
  await expect(page.getByTestId("timeline")).toContainText(`Viewed an account · ${demoStaff("AGENT").email}`);
});

test("[AGENT][NOT_FOUND]: a URL that names no page answers 404 inside the console, with its header search and a way back", async ({ page }) => {
  const response = await page.goto("/acounts/241?from=ticket");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No page at this address");
  await expect(page.getByTestId("page-not-found")).toContainText("/acounts/241");
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await expect(page.getByRole("searchbox").first()).toBeVisible();
  await page.getByRole("link", { name: "Back to search" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await seriousViolations(page)).toEqual([]);
});

test("[ANONYMOUS][NOT_FOUND]: a URL that names no page sends a stranger to sign-in, not to a page that says what exists", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/no-such-page");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});
