import { expect, test } from "@playwright/test";
import { arrange, queryE2eDatabase, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

// The attempt is written straight into the database for now; once the ingest API is in,
// this spec posts it through POST /api/ingest/v1/events instead.
async function insertAttempt(accountId: number, ip: string): Promise<void> {
  await arrange(
    `INSERT INTO login_attempts (account_id, channel, outcome, reason, username_tried, ip, user_agent, occurred_at)
     VALUES ($1, 'WEB', 'FAILURE', 'WRONG_PASSWORD', 'e2e-watch', $2, 'e2e', now())`,
    [accountId, ip],
  );
}

/** A demo customer with an account (some demo cases are sign-ups only). */
async function demoAccountId(): Promise<number> {
  const [row] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
  if (!row) throw new Error("no active demo account");
  return row.id;
}

test("[AGENT][WATCH LIVE]: an attempt appears without reloading while Watch live is on, and the agent is told so", async ({ page }) => {
  const accountId = await demoAccountId();
  await page.goto(`/accounts/${accountId}`);
  // A mark on this document: a reload would lose it (router.refresh re-renders in place).
  await page.evaluate(() => document.documentElement.setAttribute("data-watch-live-mark", "same-document"));
  const toggle = page.getByTestId("watch-live-toggle");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  // Keyboard: focus the toggle and press Enter.
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(/Watching live/);

  const ip = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
  await insertAttempt(accountId, ip);
  const attempt = page.getByTestId("watch-live-attempts").getByRole("row").filter({ hasText: ip });
  await expect(attempt).toBeVisible({ timeout: 2_500 });
  await expect(attempt).toContainText("WEB");
  await expect(attempt).toContainText("Failure");
  await expect(attempt).toContainText("wrong password");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(
    new RegExp(`New attempt: WEB sign-in failed: wrong password, from ${ip.replace(/\./g, "\\.")}`),
  );
  // No reload: still the same document.
  await expect(page.locator("html")).toHaveAttribute("data-watch-live-mark", "same-document");

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText("Watch live is off.");
});

test("[AGENT][WATCH LIVE]: hiding the tab stops watching and says so, with a button to resume", async ({ page }) => {
  await page.goto(`/accounts/${await demoAccountId()}`);
  await page.getByTestId("watch-live-toggle").click();
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(/Watching live/);
  // Playwright cannot switch tabs away; the browser fires the same event when it does.
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(page.getByTestId("watch-live-stopped")).toContainText("stopped because this tab was hidden");
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
  });
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("watch-live-toggle")).toHaveAttribute("aria-pressed", "true");
});
