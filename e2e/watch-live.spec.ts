import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../prisma/seed/demo";
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

test("[AGENT][WATCH LIVE]: an attempt appears without reloading while Watch live is on, and the agent is told so", async ({ page }) => {
  const demo = DEMO_ACCOUNTS[0];
  if (!demo) throw new Error("no demo account");
  const [row] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE username = $1`, [demo.username]);
  if (!row) throw new Error(`no account ${demo.username}`);
  await page.goto(`/accounts/${row.id}`);
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });

  const toggle = page.getByTestId("watch-live-toggle");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  // Keyboard: focus the toggle and press Enter.
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(/Watching live/);

  const ip = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
  await insertAttempt(row.id, ip);
  const attempt = page.getByTestId("watch-live-attempts").getByRole("row").filter({ hasText: ip });
  await expect(attempt).toBeVisible({ timeout: 2_500 });
  await expect(attempt).toContainText("WEB");
  await expect(attempt).toContainText("Failure");
  await expect(attempt).toContainText("wrong password");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(
    new RegExp(`New attempt: WEB sign-in failed: wrong password, from ${ip.replace(/\./g, "\\.")}`),
  );
  // No reload: the document never navigated (router.refresh re-renders in place).
  expect(navigations).toEqual([]);

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText("Watch live is off.");
});

test("[AGENT][WATCH LIVE]: hiding the tab stops watching and says so, with a button to resume", async ({ page }) => {
  const demo = DEMO_ACCOUNTS[0];
  if (!demo) throw new Error("no demo account");
  const [row] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE username = $1`, [demo.username]);
  await page.goto(`/accounts/${row?.id}`);
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
