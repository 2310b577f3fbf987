import { expect, test, type Locator, type Page } from "@playwright/test";
import { arrange, clickWhenReady, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

/** Sends a recovery email from its dialog (`testId`: send-reset, send-username) for this ticket. */
async function sendFromDialog(page: Page, testId: string, ticket: string): Promise<void> {
  await page.getByTestId(`${testId}-open`).click();
  const dialog = page.getByTestId(`${testId}-dialog`);
  await dialog.getByLabel("Ticket reference").fill(ticket);
  await dialog.getByRole("button", { name: /Confirm/ }).click();
  await expect(dialog.getByText("The email is queued")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
}

/** The embedded dispatcher delivers within a second or two: reload until the email shows `status`. */
async function waitForStatus(page: Page, email: Locator, status: string): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(email).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

async function openAccount(page: Page, email: string): Promise<number> {
  await page.goto(`/?q=${encodeURIComponent(email)}`);
  await expect(page).toHaveURL(/\/accounts\/\d+/);
  return Number(/\/accounts\/(\d+)/.exec(page.url())?.[1]);
}

test("[AGENT][RECOVERY]: sends a password reset for the wrong-password customer, warned about integrations, and sees it delivered", async ({ page }) => {
  await openAccount(page, "forgot-password@demo.example");
  await clickWhenReady(page.getByTestId("send-reset-open"));
  const dialog = page.getByTestId("send-reset-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("forgot-password@demo.example");
  // The integrations that still use the old password are named before the agent confirms.
  await expect(dialog.getByRole("listitem").first()).toBeVisible();
  await dialog.getByLabel("Ticket reference").fill("T-1001");
  await dialog.getByRole("button", { name: /Confirm/ }).click();
  await expect(dialog.getByText("The email is queued")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  // The embedded dispatcher delivers it to the built-in catcher within a second or two.
  const email = page.getByTestId("email").filter({ hasText: "Password reset" }).first();
  await expect(async () => {
    await page.reload();
    await expect(email).toHaveAttribute("data-status", "SENT", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(email).toContainText("ticket T-1001");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo mailbox" }).click();
  const message = page.getByTestId("mailbox").getByRole("listitem").filter({ hasText: "forgot-password@demo.example" }).first();
  await expect(message).toContainText("Reset your password");
  await message.locator("summary").click();
  // The demo mailbox shows the link's shape, never a token that would work: an agent who
  // could read a live reset link here could take the customer's account over.
  await expect(message.locator("pre")).toContainText("/reset-password?token=removed-by-demo-mailbox");
  await expect(message.locator("pre")).not.toContainText(/token=(?!removed-by-demo-mailbox)/);
});

test("[AGENT][RECOVERY]: a banned account offers no send, and a crafted send for it is refused", async ({ page }) => {
  const bannedId = await openAccount(page, "banned@demo.example");
  await expect(page.getByTestId("no-sends")).toBeVisible();
  await expect(page.getByTestId("send-reset-open")).toHaveCount(0);

  // Craft it: send the reset form of an eligible account, rewritten to the banned id.
  const eligibleId = await openAccount(page, "healthy@demo.example");
  await page.route(`**/accounts/${eligibleId}**`, async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      await route.continue({ postData: (request.postData() ?? "").replace(`"accountId":${eligibleId}`, `"accountId":${bannedId}`) });
    } else {
      await route.continue();
    }
  });
  // Nothing is wrong with the healthy account: the reset is folded under Other actions.
  await page.getByTestId("other-actions").locator("summary").click();
  await clickWhenReady(page.getByTestId("send-reset-open"));
  const dialog = page.getByTestId("send-reset-dialog");
  await dialog.getByLabel("Ticket reference").fill("T-666");
  await dialog.getByRole("button", { name: /Confirm/ }).click();
  await expect(dialog.getByRole("alert")).toContainText(/banned/i);
});

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });

  test("[LEAD][RECOVERY]: a failed password reset offers no retry but a new reset, which is delivered", async ({ page }) => {
    // Two deliveries through the embedded dispatcher: more than one default test's time.
    test.slow();
    await openAccount(page, "at-risk-forgot@demo.example");
    await sendFromDialog(page, "send-reset", "T-3003");
    const failed = page.getByTestId("email").filter({ hasText: "ticket T-3003" });
    await waitForStatus(page, failed, "SENT");
    // The relay bounced it after all: the dispatcher drops the sealed token of a failed email.
    await arrange(
      "UPDATE email_outbox SET status = 'FAILED', last_error = '550 mailbox unavailable', sent_at = NULL, payload = payload - 'sealedToken' WHERE ticket_ref = 'T-3003'",
    );
    await page.reload();
    await expect(failed).toHaveAttribute("data-status", "FAILED");
    await expect(failed.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expect(failed.getByTestId("reset-not-retryable")).toContainText("Send a new password reset");

    await sendFromDialog(page, "send-reset", "T-3004");
    await waitForStatus(page, page.getByTestId("email").filter({ hasText: "ticket T-3004" }), "SENT");
  });

  test("[LEAD][RECOVERY]: retries an email that failed, which is then delivered", async ({ page }) => {
    await openAccount(page, "forgot-username@demo.example");
    await sendFromDialog(page, "send-username", "T-2002");
    const email = page.getByTestId("email").filter({ hasText: "ticket T-2002" });
    await waitForStatus(page, email, "SENT");

    // The relay bounced it after all (arranged in the database: no screen makes that).
    await arrange("UPDATE email_outbox SET status = 'FAILED', last_error = '550 mailbox unavailable', sent_at = NULL WHERE ticket_ref = 'T-2002'");
    await page.reload();
    await expect(email).toHaveAttribute("data-status", "FAILED");
    await expect(email).toContainText("550 mailbox unavailable");
    await email.getByRole("button", { name: "Retry" }).click();
    await waitForStatus(page, email, "SENT");
  });
});
