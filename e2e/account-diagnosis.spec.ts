import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../prisma/seed/demo";
import { EXPECTED_TOP_FINDING } from "../prisma/seed/expected-findings";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

// What a customer would write in the ticket: sometimes the email (in any case), sometimes
// the username.
function identifierFor(index: number, account: (typeof DEMO_ACCOUNTS)[number]): string {
  return index % 2 === 0 ? account.email.toUpperCase() : account.username;
}

DEMO_ACCOUNTS.forEach((account, index) => {
  test(`[AGENT][DIAGNOSIS]: ${account.scenario}: searching "${identifierFor(index, account)}" opens the customer with the right top finding`, async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByLabel("Find a customer").fill(identifierFor(index, account));
    await page.getByLabel("Find a customer").press("Enter");
    // An exact email or username is a single exact hit: straight to the page.
    await expect(page).toHaveURL(/\/(accounts|signups)\/\d+\?from=/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.username);
    await expect(page.getByTestId("finding").first()).toHaveAttribute("data-code", EXPECTED_TOP_FINDING[account.scenario]);
  });
});

test("[AGENT][SEARCH]: a prefix lists several customers, the arrow keys and Enter open one, and the URL holds the query", async ({ page }) => {
  await page.goto("/?q=demo-ban");
  await expect(page).toHaveURL(/\?q=demo-ban$/);
  const rows = page.getByTestId("search-result");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(1);
  await page.getByLabel("Find a customer").press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const focused = page.locator("a[data-result-link]:focus");
  const name = await focused.innerText();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
});

test("[AGENT][SEARCH]: a subuser's username finds the subuser, shown as banned because of its parent", async ({ page }) => {
  await page.goto("/?q=demo-banned-sub1&list");
  const row = page.getByTestId("search-result").filter({ hasText: "demo-banned-sub1" }).first();
  await expect(row).toContainText("Subuser of demo-banned");
  await expect(row).toContainText("Banned");
});

test("[AGENT][SEARCH]: nothing found says so and suggests what to try", async ({ page }) => {
  await page.goto("/?q=no-such-customer-zzqx");
  await expect(page.getByText("Nothing matches “no-such-customer-zzqx”")).toBeVisible();
  await expect(page.getByText(/Ask the customer for the email they signed up with/)).toBeVisible();
});

test("[AGENT][REACTIVATION]: a banned account shows reactivation disabled, with the reason", async ({ page }) => {
  await page.goto("/?q=banned@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-banned");
  const button = page.getByTestId("reactivate-button");
  await expect(button).toBeDisabled();
  await expect(page.locator("#reactivate-why")).toContainText(/cannot reactivate/i);
  await expect(page.getByTestId("verdict-send_password_reset")).toContainText("Refused");

  // A crafted request: enable the button in the page and submit it anyway.
  await button.evaluate((element) => element.removeAttribute("disabled"));
  await button.click();
  await expect(page.getByRole("alert").filter({ hasText: "Refused by the server" })).toContainText(/support cannot reactivate/i);
});

test("[AGENT][SEARCH]: jumping to an exact hit keeps the other matches one click away", async ({ page }) => {
  await page.goto("/?q=demo-at-risk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-at-risk");
  await page.getByRole("link", { name: "All matches for “demo-at-risk”" }).click();
  await expect(page.getByTestId("search-result").filter({ hasText: "demo-at-risk-forgot" })).toBeVisible();
});

test("[AGENT][TIMELINE]: filters by channel and pages back in time, with the state in the URL", async ({ page }) => {
  await page.goto("/?q=api-rejected@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-api-rejected");
  const timeline = page.getByTestId("timeline");
  await page.getByRole("navigation", { name: "Timeline filters" }).getByRole("link", { name: "API", exact: true }).click();
  await expect(page).toHaveURL(/kind=login&channel=API/);
  // The channel is part of each entry's detail ("API login · key SG.… · from …").
  const rows = await timeline.locator("li[data-timeline-entry]").allInnerTexts();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((t) => t.includes("API login"))).toBe(true);

  await page.getByRole("navigation", { name: "Timeline filters" }).getByRole("link", { name: "Everything" }).click();
  const firstPage = await timeline.locator("li").first().getAttribute("id");
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(timeline.locator("li").first()).not.toHaveAttribute("id", firstPage ?? "");
});

test("[AGENT][BILLING]: an account owing last month's bill says when it will be terminated", async ({ page }) => {
  await page.goto("/?q=at-risk@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-at-risk");
  await expect(page.getByTestId("billing-summary")).toContainText(/unpaid invoice.*due/);
  await expect(page.getByTestId("billing-summary")).toContainText(/Will be terminated \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} unless the balance is paid/);
});
