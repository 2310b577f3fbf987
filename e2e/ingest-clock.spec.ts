import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { e2ePlatform, platformEvent as event } from "./platform";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

test("[AGENT][INGEST]: a sign-in stamped a month ahead by a wrong clock is refused, and the header's last login stays the real one", async ({
  page,
  request,
}) => {
  const accountId = `acct_clock_${randomUUID().slice(0, 8)}`;
  const username = `e2e-clock-${accountId.slice(-8)}`;
  const { post } = await e2ePlatform(request, `e2e-${accountId}`);
  const signIn = (minutesAgo: number) =>
    event("login.attempted", { account_id: accountId, channel: "web", outcome: "success", username_tried: username, ip: "203.0.113.78" }, minutesAgo);
  const real = signIn(30);
  const ahead = signIn(-30 * 24 * 60);
  const result = await post([event("account.created", { account_id: accountId, username, email: `${username}@ingest.example` }, 60), real, ahead]);
  expect(result.body).toMatchObject({ accepted: 2, rejected: 1 });

  await page.goto(`/?q=${encodeURIComponent(accountId)}`);
  await expect(page).toHaveURL(/\/accounts\/\d+/);
  // The agent's zone is UTC (the default): times read "YYYY-MM-DD HH:MM UTC".
  const shown = (iso: string) => `last login ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  await expect(page.getByText(shown(real.time))).toBeVisible();
  await expect(page.getByText(shown(ahead.time))).toHaveCount(0);
});
