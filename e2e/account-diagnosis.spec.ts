import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "@/prisma/seed/demo";
import { EXPECTED_TOP_FINDING } from "@/prisma/seed/expected-findings";
import { clickWhenReady, storageStateFor } from "./support";

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
    // The header says the same as the top finding: the verdict strip is taken from it.
    await expect(page.getByTestId("verdict-strip")).toHaveAttribute("data-code", EXPECTED_TOP_FINDING[account.scenario]);
  });
});

// The five-second test: the header alone says why the customer cannot log in and what to do.
// Where no send fixes the top finding (a lock, a ban), the primary is copying the reply.
for (const [email, verdict, tone, primary] of [
  ["locked@demo.example", /^Locked · \d+ (days|hours|minutes) left$/, "danger", "primary-copy-reply"],
  ["banned@demo.example", /^Banned$/, "danger", "primary-copy-reply"],
  ["banned-subuser@demo.example", /^Banned with parent demo-banned-subuser-parent$/, "danger", "primary-copy-reply"],
  ["changed@demo.example", /^Password changed by teammate demo-changed-\w+$/, "warning", "primary-send-reset-open"],
  ["forgot-password@demo.example", /^Wrong password × \d+$/, "warning", "primary-send-reset-open"],
  ["forgot-username@demo.example", /^Unknown username × \d+$/, "warning", "primary-send-username-open"],
  ["unconfirmed@demo.example", /^Email not confirmed · no account yet$/, "danger", "primary-resend-confirmation-open"],
  ["healthy@demo.example", /^No problem found$/, "success", "primary-copy-reply"],
] as const) {
  test(`[AGENT][VERDICT]: ${email}: the header reads ${String(verdict)} with ${primary} as the primary action`, async ({ page }) => {
    await page.goto(`/?q=${encodeURIComponent(email)}`);
    const strip = page.getByTestId("verdict-strip");
    await expect(strip.getByTestId("verdict-text")).toHaveText(verdict);
    await expect(strip).toHaveAttribute("data-tone", tone);
    // No green "Active" badge contradicting a blocking finding any more.
    await expect(page.locator("main header").getByText("Active", { exact: true })).toHaveCount(0);
    await expect(strip.getByTestId(primary)).toBeVisible();
    // One primary: no other button in the strip.
    await expect(strip.getByRole("button")).toHaveCount(1);
  });
}

test("[AGENT][VERDICT]: the primary action's dialog opens centred, keeps its friction, and Escape closes it", async ({ page }) => {
  await page.goto("/?q=forgot-password@demo.example");
  await clickWhenReady(page.getByTestId("primary-send-reset-open"));
  const dialog = page.getByTestId("primary-send-reset-dialog");
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) throw new Error("no layout");
  // Centred horizontally and vertically (within a few pixels), not stuck in the top-left corner.
  expect(Math.abs(box.x + box.width / 2 - viewport.width / 2)).toBeLessThan(4);
  expect(Math.abs(box.y + box.height / 2 - viewport.height / 2)).toBeLessThan(4);
  expect(box.x).toBeGreaterThan(100);
  // The friction stays: a ticket reference and an explicit confirmation.
  await expect(dialog.getByLabel("Ticket reference")).toBeFocused();
  await expect(dialog.getByRole("button", { name: "Confirm: send password reset" })).toBeVisible();
  await expect(dialog.getByRole("status")).toHaveAttribute("aria-live", "polite");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("[AGENT][DIAGNOSIS]: demo-changed lists the shared failed sign-ins once and the reply offers, then confirms the reset with its time", async ({ page }) => {
  await page.goto("/?q=changed@demo.example");
  const findings = page.getByTestId("finding");
  await expect(findings.first()).toHaveAttribute("data-code", "CREDENTIALS_CHANGED_BY_OTHER");
  const wrong = page.locator('[data-testid="finding"][data-code="WRONG_PASSWORD"]');
  await expect(wrong.locator('[data-evidence^="login_attempt:"]')).toHaveCount(0);
  await expect(wrong.getByTestId("shared-evidence")).toContainText(/listed under Password changed by teammate/);
  // Codes are for engineers, folded away; the card's words are sentences.
  await expect(findings.first().getByText("CREDENTIALS_CHANGED_BY_OTHER")).toBeHidden();
  // The billing card does not contradict the plan.
  await expect(page.getByText("No invoices (free plan).")).toHaveCount(0);
});

test("[AGENT][REPLY]: the one reply under the verdict offers nothing it has not done, then says what was done, in UTC", async ({ page }) => {
  // demo-changed-locked: no other spec sends it anything, so its reply starts unsent.
  await page.goto("/?q=changed-locked@demo.example");
  const reply = page.getByTestId("reply");
  await expect(reply).toHaveCount(1);
  await expect(reply).toHaveAttribute("data-sent", "false");
  await expect(reply).toHaveAttribute("data-from", "TEMPORARILY_LOCKED");
  await expect(reply).not.toContainText("I have sent");
  await expect(reply.getByRole("button", { name: "Copy reply" })).toBeVisible();

  // The reset does not lift the lock: it is under Other actions, not the primary.
  const other = page.getByTestId("other-actions");
  await other.locator("summary").click();
  await clickWhenReady(other.getByTestId("send-reset-open"));
  const dialog = page.getByTestId("send-reset-dialog");
  await dialog.getByLabel("Ticket reference").fill("T-REPLY-1");
  await dialog.getByRole("button", { name: /Confirm/ }).click();
  await expect(dialog.getByRole("status")).toContainText("The email is queued");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(reply).toHaveAttribute("data-sent", "true");
  await expect(reply.getByTestId("reply-text")).toContainText(
    /I have sent a password reset link to the email address on your account at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./,
  );
  await expect(reply.getByTestId("reply-text")).not.toContainText("UTC+");
});

test("[AGENT][SEARCH]: rows show the same verdict as the account header (locked, banned with parent)", async ({ page }) => {
  await page.goto("/?q=demo-lock&list");
  const locked = page.getByTestId("search-result").filter({ hasText: "demo-locked" }).first();
  await expect(locked.getByTestId("row-verdict")).toHaveText(/^Locked · \d+ (days|hours|minutes) left$/);
  const rowText = await locked.getByTestId("row-verdict").innerText();
  await locked.getByRole("link", { name: "demo-locked" }).click();
  await expect(page.getByTestId("verdict-text")).toHaveText(rowText);

  await page.goto("/?q=demo-banned-sub1&list");
  await expect(page.getByTestId("search-result").filter({ hasText: "demo-banned-sub1" }).first().getByTestId("row-verdict")).toHaveText(
    "Banned with parent demo-banned",
  );
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
  // The refused sends are folded under "Why not …", with their reasons.
  await page.getByTestId("refused-actions").locator("summary").click();
  await expect(page.getByTestId("verdict-send_password_reset")).toContainText("refused");
  await expect(page.getByTestId("verdict-send_password_reset")).toBeVisible();

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
  await expect(page.getByTestId("billing-summary")).toContainText(
    /Will be terminated (on \d{4}-\d{2}-\d{2}|between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}) \(UTC\) unless the balance is paid/,
  );
  // Money reads one way on every panel.
  await expect(page.getByTestId("billing-summary")).toContainText(/\d+\.\d{2} USD due/);
  await expect(page.getByText(/\$\d/)).toHaveCount(0);
});

test("[AGENT][REACTIVATION]: an active account shows no reactivation button; it is folded among the refused actions", async ({ page }) => {
  await page.goto("/?q=healthy@demo.example");
  await expect(page.getByTestId("reactivate-button")).toHaveCount(0);
  const folded = page.getByTestId("refused-actions");
  await expect(folded.locator("summary")).toHaveText(/Why not .*reactivate account\?/);
  await folded.locator("summary").click();
  await expect(folded.getByTestId("verdict-reactivate_account")).toContainText("nothing to reactivate");
});
