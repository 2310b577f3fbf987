import { expect, test } from "@playwright/test";
import { openSendDialog, storageStateFor } from "./support";

// The link a helpdesk builds from its ticket (docs/helpdesk.md#deep-links), here as
// Zendesk fills `/?q={{ticket.requester.email}}&ticket={{ticket.id}}`.
const TICKET = "ZD-4242";
// No other spec sends this customer anything (its replies and verdict are other specs' checks).
const CUSTOMER = "api-rejected@demo.example";

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][DEEP-LINK]: a helpdesk link opens the one matching customer, the reset dialog is pre-filled with the ticket, and the audit trail carries it", async ({
    page,
    browser,
  }) => {
    // Three page loads, a send and a second browser context.
    test.slow();
    await page.goto(`/?q=${encodeURIComponent(CUSTOMER)}&ticket=${encodeURIComponent(TICKET)}`);
    await expect(page).toHaveURL(/\/accounts\/\d+/);

    await openSendDialog(page, "send-reset");
    const dialog = page.getByTestId("send-reset-dialog");
    const ticket = dialog.getByLabel("Ticket reference");
    await expect(ticket).toHaveValue(TICKET);
    await expect(ticket).toBeEditable();
    await dialog.getByRole("button", { name: /Confirm/ }).click();
    await expect(dialog.getByText("The email is queued")).toBeVisible();

    // The tab remembers the ticket through a reload of a page whose URL no longer has it.
    await page.goto(page.url().replace(/[?&]ticket=[^&]*/, ""));
    await openSendDialog(page, "send-username");
    await expect(page.getByTestId("send-username-dialog").getByLabel("Ticket reference")).toHaveValue(TICKET);

    // A lead reads the trail for that ticket: the search, the view and the reset.
    const lead = await browser.newContext({ storageState: storageStateFor("LEAD") });
    const audit = await lead.newPage();
    await audit.goto(`/audit/log?ticket=${TICKET}`);
    const rows = audit.getByTestId("audit-row");
    await expect(rows.filter({ hasText: "password reset" }).first()).toBeVisible();
    await expect(rows.filter({ hasText: "Searched for a customer" }).first()).toBeVisible();
    await lead.close();
  });

  test("[AGENT][DEEP-LINK]: another tab keeps its own ticket", async ({ page, context }) => {
    test.slow();
    await page.goto(`/?q=${encodeURIComponent(CUSTOMER)}&ticket=ZD-1`);
    await expect(page).toHaveURL(/\/accounts\/\d+/);
    const other = await context.newPage();
    await other.goto(`/?q=${encodeURIComponent(CUSTOMER)}`);
    await expect(other).toHaveURL(/\/accounts\/\d+/);
    await openSendDialog(other, "send-reset");
    await expect(other.getByTestId("send-reset-dialog").getByLabel("Ticket reference")).toHaveValue("");
  });
});
