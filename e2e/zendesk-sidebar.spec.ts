import { expect, test, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { arrange, storageStateFor } from "./support";
import { forgedKey, MAPPED_AGENT, openTicket, signedUrlToken, UNMAPPED_AGENT } from "./zendesk/host";

// The sidebar runs in an emulated Zendesk (e2e/zendesk/host.ts) on its own origin; the
// console is the e2e run's, configured for that Zendesk by playwright.config.ts.
const consoleOrigin = (baseURL: string | undefined) => new URL(baseURL ?? "http://localhost").origin;

test("[AGENT][ZENDESK-SIDEBAR]: a token Zendesk did not sign, or an agent mapped to no staff member, gets no sidebar and nothing of the customer", async ({
  page,
  baseURL,
}) => {
  const forged = await openTicket(page, consoleOrigin(baseURL), { requester: "locked@demo.example", id: 701 }, signedUrlToken(MAPPED_AGENT, forgedKey()));
  await expect(forged.sidebar.getByTestId("sidebar-refused")).toContainText("Zendesk's signed token was refused (bad signature)");

  const other = await page.context().newPage();
  const unmapped = await openTicket(other, consoleOrigin(baseURL), { requester: "locked@demo.example", id: 702 }, signedUrlToken(UNMAPPED_AGENT));
  await expect(unmapped.sidebar.getByTestId("sidebar-refused")).toContainText(`Your Zendesk user (${UNMAPPED_AGENT}) is not mapped`);
  await expect(unmapped.sidebar.getByText("demo-locked")).toHaveCount(0);
});

async function sidebarFor(page: Page, baseURL: string | undefined, requester: string, id: number) {
  return openTicket(page, consoleOrigin(baseURL), { requester, id }, signedUrlToken(MAPPED_AGENT));
}

test("[AGENT][ZENDESK-SIDEBAR]: a requester matching no customer is told so with a link to the console's search; one who is a teammate on two accounts gets a list to choose from, each marked unverified", async ({
  page,
  baseURL,
}) => {
  const nobody = `nobody-${randomUUID().slice(0, 8)}@nowhere.example`;
  const none = await sidebarFor(page, baseURL, nobody, 901);
  await expect(none.sidebar.getByTestId("sidebar-none")).toContainText(`No customer matches ${nobody}`);
  await expect(none.sidebar.getByTestId("sidebar-search-link")).toHaveAttribute("href", new RegExp(`/\\?q=${encodeURIComponent(nobody)}&ticket=901$`));

  // The same person is a teammate on two customers' accounts (an agency, say), read-only so
  // that no permissions-audit flag another spec counts changes.
  const shared = `agency-${randomUUID().slice(0, 8)}@agency.example`;
  for (const owner of ["healthy@demo.example", "locked@demo.example"]) {
    await arrange(
      `INSERT INTO teammates (account_id, username, username_lower, email, email_lower, level)
       SELECT id, $2, $2, $3, $3, 'READ_ONLY' FROM accounts WHERE email_lower = $1`,
      [owner, `agency-${owner.split("@")[0]}-${shared.slice(7, 15)}`, shared],
    );
  }
  const several = await sidebarFor(await page.context().newPage(), baseURL, shared, 902);
  const list = several.sidebar.getByTestId("sidebar-matches");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(several.sidebar.getByText(`2 customers match ${shared}: choose one.`)).toBeVisible();
  await expect(list.getByText(/^Unverified: the requester's address is a teammate's/)).toHaveCount(2);
  await list.getByRole("button", { name: /^demo-locked/ }).click();
  await expect(several.sidebar.getByTestId("sidebar-verdict")).toContainText("Locked");
  await expect(several.sidebar.getByTestId("sidebar-relation")).toContainText("Unverified");
});

// The sidebar's data comes from the staff API (/api/staff/v1) through the emulated
// Zendesk's proxy (docs/helpdesk.md#what-the-sidebar-sends-where).
test.describe("with the staff API", () => {
  test("[AGENT][ZENDESK-SIDEBAR]: walks a locked, a banned and a forgotten-username requester; Insert reply reaches the comment box; a reset sent from the sidebar is audited with the ticket and the agent", async ({
    page,
    browser,
    baseURL,
  }) => {
    // Three ticket loads (each a signed page load and two staff API calls through the proxy), a send and the audit log.
    test.slow();
    const locked = await sidebarFor(page, baseURL, "locked@demo.example", 801);
    await expect(locked.sidebar.getByTestId("sidebar-verdict")).toContainText("Locked");
    await expect(locked.sidebar.getByTestId("sidebar-relation")).toContainText("owner's address on record");
    await expect(locked.sidebar.getByTestId("sidebar-top-finding")).not.toBeEmpty();
    await expect(locked.sidebar.getByTestId("sidebar-open-console")).toHaveAttribute("href", /\/accounts\/\d+\?ticket=801$/);
    await locked.sidebar.getByTestId("sidebar-insert-reply").click();
    await expect(locked.comment).not.toHaveValue("");
    await locked.sidebar.getByTestId("sidebar-send-password_reset").click();
    const confirm = locked.sidebar.getByTestId("sidebar-confirm");
    await expect(confirm).toContainText("the address on record, never to the ticket's requester");
    await confirm.getByTestId("sidebar-confirm-send").click();
    await expect(locked.sidebar.getByTestId("sidebar-sent")).toContainText("for ticket 801");

    const banned = await sidebarFor(await page.context().newPage(), baseURL, "banned@demo.example", 802);
    await expect(banned.sidebar.getByTestId("sidebar-verdict")).toContainText("Banned");
    await expect(banned.sidebar.getByTestId("sidebar-recommended")).toContainText("No email can help");
    await expect(banned.sidebar.getByRole("button", { name: /^Send / })).toHaveCount(0);

    const forgot = await sidebarFor(await page.context().newPage(), baseURL, "forgot-username@demo.example", 803);
    await expect(forgot.sidebar.getByTestId("sidebar-recommended")).toContainText("username");
    await expect(forgot.sidebar.getByTestId("sidebar-send-username_reminder")).toBeVisible();

    // The reset is in the audit trail under the ticket, by the mapped staff member, via Zendesk (in words, not JSON).
    const lead = await browser.newContext({ storageState: storageStateFor("LEAD") });
    const audit = await lead.newPage();
    await audit.goto("/audit/log?ticket=801");
    const row = audit.getByTestId("audit-row").filter({ hasText: "password reset" }).first();
    await expect(row).toContainText("agent@console.example");
    await expect(row).toContainText("via: zendesk");
    await expect(row).not.toContainText('via: {"via"');
    await lead.close();
  });
});
