import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { e2ePlatform, platformEvent } from "./platform";
import { clickWhenReady, createStaffUser, queryE2eDatabase, signIn, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

/** A demo customer with an account (some demo cases are sign-ups only). */
async function demoAccountId(): Promise<number> {
  const [row] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
  if (!row) throw new Error("no active demo account");
  return row.id;
}

test("[AGENT][WATCH LIVE]: a failed sign-in posted by the platform appears without reloading while Watch live is on, and the agent is told so", async ({
  page,
  request,
}) => {
  // The customer is on the phone; the platform reports their next try through the ingest API.
  const platformId = `acct_watch_${randomUUID().slice(0, 8)}`;
  const username = `e2e-watch-${platformId.slice(-8)}`;
  const platform = await e2ePlatform(request, `e2e-watch-${platformId.slice(-8)}`);
  await platform.post([platformEvent("account.created", { account_id: platformId, username, email: `${username}@watch.example` }, 60)]);
  const [account] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE external_id = $1`, [platformId]);
  if (!account) throw new Error("the ingested account is missing");
  await page.goto(`/accounts/${account.id}`);
  // A mark on this document: a reload would lose it (router.refresh re-renders in place).
  await page.evaluate(() => document.documentElement.setAttribute("data-watch-live-mark", "same-document"));
  const toggle = page.getByTestId("watch-live-toggle");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  // Pressed once hydrated (the card streams in after the page's heading; support.ts).
  await expect(toggle).toHaveAttribute("data-ready", "true");
  // Keyboard: focus the toggle and press Enter.
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(/Watching live/);

  const ip = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
  const posted = await platform.post([
    platformEvent("login.attempted", { account_id: platformId, channel: "web", outcome: "failure", reason: "wrong_password", username_tried: username, ip }),
  ]);
  expect(posted.body).toMatchObject({ accepted: 1 });
  const attempt = page.getByTestId("watch-live-attempts").getByRole("row").filter({ hasText: ip });
  await expect(attempt).toBeVisible({ timeout: 2_500 });
  await expect(attempt).toContainText("WEB");
  await expect(attempt).toContainText("failure");
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

test("[AGENT][WATCH LIVE]: a customer who forgot their username retries with a wrong one from their usual address, and the try appears with the username they typed", async ({
  page,
  request,
}) => {
  // No account matches the name they type, so the platform's event names no account: the
  // feed follows unknown-username failures from the addresses this account signed in from.
  const platformId = `acct_forgot_${randomUUID().slice(0, 8)}`;
  const username = `e2e-forgot-${platformId.slice(-8)}`;
  const ip = `203.0.113.${10 + Math.floor(Math.random() * 200)}`;
  const platform = await e2ePlatform(request, `e2e-forgot-${platformId.slice(-8)}`);
  await platform.post([
    platformEvent("account.created", { account_id: platformId, username, email: `${username}@watch.example` }, 60),
    platformEvent("login.attempted", { account_id: platformId, channel: "web", outcome: "success", username_tried: username, ip }, 30),
  ]);
  const [account] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE external_id = $1`, [platformId]);
  if (!account) throw new Error("the ingested account is missing");
  await page.goto(`/accounts/${account.id}`);
  const toggle = page.getByTestId("watch-live-toggle");
  await expect(toggle).toHaveAttribute("data-ready", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(/Watching live/);

  const typed = `${username}-typo`;
  const stranger = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
  const posted = await platform.post([
    platformEvent("login.attempted", { channel: "web", outcome: "failure", reason: "unknown_username", username_tried: `${username}-elsewhere`, ip: stranger }),
    platformEvent("login.attempted", { channel: "web", outcome: "failure", reason: "unknown_username", username_tried: typed, ip }),
  ]);
  expect(posted.body).toMatchObject({ accepted: 2 });
  const rows = page.getByTestId("watch-live-attempts").getByRole("row");
  const attempt = rows.filter({ hasText: typed });
  await expect(attempt).toBeVisible({ timeout: 5_000 });
  await expect(attempt).toContainText(ip);
  // The same mistake from an address this account never used is someone else's.
  await expect(rows.filter({ hasText: stranger })).toHaveCount(0);
});

test("[AGENT][WATCH LIVE]: hiding the tab stops watching and says so, with a button to resume", async ({ page }) => {
  await page.goto(`/accounts/${await demoAccountId()}`);
  await clickWhenReady(page.getByTestId("watch-live-toggle"));
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

test("[AGENT][WATCH LIVE]: a fourth stream of the same agent is refused, the card says why, and it connects once one of the others closes", async ({
  browser,
}) => {
  // An agent of its own: the streams it holds must not count against the demo agent's.
  const agent = await createStaffUser("AGENT", "Live Watcher");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, agent.email, agent.password);
  await expect(page.getByTestId("signed-in-as")).toContainText(agent.name);
  const accountId = await demoAccountId();
  await page.goto(`/accounts/${accountId}`);
  // Three streams already open (other tabs or accounts, here from this page's session).
  await page.evaluate(async (url) => {
    const held: AbortController[] = [];
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const response = await fetch(url, { signal: controller.signal });
      if (response.status !== 200) throw new Error(`stream ${i} answered ${response.status}`);
      held.push(controller);
    }
    (window as unknown as { heldStreams: AbortController[] }).heldStreams = held;
  }, `/api/accounts/${accountId}/attempts/live`);

  const toggle = page.getByTestId("watch-live-toggle");
  await clickWhenReady(toggle);
  const stopped = page.getByTestId("watch-live-stopped");
  await expect(stopped).toContainText("You are already watching live in 3 places (tabs or accounts). Stop one of them, then try again.");
  await expect(page.getByTestId("watch-live-announcer")).toHaveText(/already watching live in 3 places/);
  await expect(toggle).toHaveAttribute("aria-pressed", "false");

  await page.evaluate(() => (window as unknown as { heldStreams: AbortController[] }).heldStreams.pop()?.abort());
  // The server frees the slot when it sees the connection close, a moment later.
  await expect(async () => {
    if (await stopped.isVisible()) await stopped.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByTestId("watch-live-announcer")).toHaveText(/Watching live/, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await context.close();
});
