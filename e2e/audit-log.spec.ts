import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { arrange, demoStaff, storageStateFor } from "./support";

// 60 refused username reminders for demo-healthy under one ticket: more than a page (50),
// arranged in the database because no screen makes audit entries in bulk.
const TICKET = "T-E2E-LOG";
const ARRANGED = 60;

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });

  test.beforeAll(async () => {
    await arrange(
      `INSERT INTO audit_entries (actor_email, action, outcome, code, target_account_id, ticket_ref, reason, detail, created_at)
       SELECT 'agent@console.example', 'recovery.send_username', 'REFUSED'::audit_outcome, 'RATE_LIMITED',
              (SELECT id FROM accounts WHERE username_lower = 'demo-healthy'), $1, 'arranged by e2e', jsonb_build_object('n', g),
              now() - g * interval '1 minute'
       FROM generate_series(1, ${ARRANGED}) AS g
       WHERE NOT EXISTS (SELECT 1 FROM audit_entries WHERE ticket_ref = $1)`,
      [TICKET],
    );
  });

  test("[LEAD][AUDIT_LOG]: filters by action and outcome, keeps the filter in the URL, pages to older entries and opens the account", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

    // The filter lists actions by name; the URL keeps the code.
    await page.getByLabel("Actions").selectOption({ label: "Sent a username reminder" });
    await page.getByLabel("Outcome").selectOption("REFUSED");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/action=recovery\.send_username/);
    await expect(page).toHaveURL(/outcome=REFUSED/);

    const rows = page.getByTestId("audit-row");
    await expect(rows).toHaveCount(50);
    for (const row of await rows.all()) {
      await expect(row).toContainText("Sent a username reminder");
      await expect(row.locator('[data-action="recovery.send_username"]')).toHaveCount(1);
      await expect(row).toContainText("Refused");
    }

    await page.getByRole("link", { name: "Older →" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(page).toHaveURL(/action=recovery\.send_username/);
    await expect(rows).toHaveCount(ARRANGED - 50);
    await expect(page.getByRole("link", { name: "← Newer" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Older →" })).toHaveCount(0);

    await rows
      .first()
      .getByRole("link", { name: /demo-healthy/ })
      .click();
    await expect(page).toHaveURL(/\/accounts\/\d+$/);
    await expect(page.getByRole("heading", { name: "demo-healthy", level: 1 })).toBeVisible();
  });

  test("[LEAD][AUDIT_LOG]: a backwards date range is explained next to the field and the other filters stay; no match shows an empty state", async ({
    page,
  }) => {
    await page.goto("/audit/log?action=account.view&from=2026-02-01&to=2026-01-01");
    await expect(page.getByText("From must be on or before To.").first()).toBeVisible();
    await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Actions")).toHaveValues(["account.view"]);
    await expect(page.getByTestId("audit-row")).toHaveCount(0);

    await page.goto("/audit/log?ticket=T-NOTHING-MATCHES");
    await expect(page.getByText("No audit entries match these filters")).toBeVisible();
    await page.getByRole("link", { name: "Clear the filters" }).click();
    await expect(page).toHaveURL(/\/audit\/log$/);
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
  });

  test("[LEAD][AUDIT_LOG]: exports the filtered entries as a CSV with progress, and the export is itself audited", async ({ page }) => {
    await page.goto(`/audit/log?ticket=${TICKET}`);
    await expect(page.getByTestId("audit-row")).toHaveCount(50);
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines[0]).toBe(
      "created_at_utc,id,actor_email,actor_name,action,outcome,code,account_id,account_username,sign_up_id,ticket,reason,detail,ip,user_agent,action_name,reason_text,detail_text",
    );
    expect(lines).toHaveLength(ARRANGED + 1);
    expect(lines.slice(1).every((l) => l.includes(`recovery.send_username,REFUSED,RATE_LIMITED`) && l.includes(TICKET))).toBe(true);
    // The human columns say it in words.
    expect(lines.slice(1).every((l) => l.includes("Sent a username reminder"))).toBe(true);
    await expect(page.getByRole("status").filter({ hasText: "Export finished" })).toHaveText(/Export finished: 60 rows saved to audit-log-.*\.csv\./);

    await page.goto("/audit/log?action=audit.export");
    const entry = page.getByTestId("audit-row").first();
    await expect(entry).toContainText(demoStaff("LEAD").email);
    await expect(entry).toContainText(`ticket: ${TICKET}`);
  });

  test("[LEAD][AUDIT-LOG]: the ticket in any spelling and the account by username find the entries, with a count", async ({ page }) => {
    // Stored as T-E2E-LOG: typed in lower case with a "#", as leads paste it.
    await page.goto(`/audit/log?ticket=${encodeURIComponent("#t-e2e-log")}`);
    await expect(page.getByTestId("audit-count")).toHaveText(`${ARRANGED} entries match`);
    await expect(page.getByTestId("audit-row")).toHaveCount(50);

    await page.goto("/audit/log");
    await page.getByLabel("Account", { exact: true }).fill("DEMO-HEALTHY");
    await page.getByLabel("Ticket", { exact: true }).fill("t-e2e-log");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("audit-count")).toHaveText(`${ARRANGED} entries match`);
    await expect(page.getByTestId("audit-row").first()).toContainText("demo-healthy");
  });

  test("[LEAD][AUDIT-LOG]: several actions at once, views and sign-ins hidden, the last 24 hours, and the export follows", async ({ page }) => {
    await page.goto("/audit/log");
    await page.getByLabel("Actions").selectOption(["recovery.send_username", "account.view"]);
    await page.getByLabel("When").selectOption("24h");
    await page.getByLabel("Hide views and sign-ins").check();
    await page.getByRole("button", { name: "Apply" }).click();
    // Both actions, in whichever order the list holds them.
    await expect(page).toHaveURL(/action=recovery\.send_username/);
    await expect(page).toHaveURL(/action=account\.view/);
    await expect(page).toHaveURL(/within=24h/);
    await expect(page).toHaveURL(/quiet=1/);
    const rows = page.getByTestId("audit-row");
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(row).not.toContainText("Viewed an account");

    // The CSV is the filter as shown: no views either.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = await readFile(await (await downloading).path(), "utf8");
    const lines = csv.split("\r\n").filter(Boolean).slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(ARRANGED);
    expect(lines.some((l) => l.includes(",account.view,"))).toBe(false);
  });

  test("[LEAD][AUDIT-LOG]: the account page links to the audit entries for that account", async ({ page }) => {
    await page.goto("/?q=healthy@demo.example");
    await expect(page.getByRole("heading", { name: "demo-healthy", level: 1 })).toBeVisible();
    await page.getByTestId("account-audit-link").click();
    await expect(page).toHaveURL(/\/audit\/log\?account=\d+$/);
    await expect(page.getByTestId("audit-row").first()).toContainText("demo-healthy");
  });

  test("[LEAD][AUDIT_LOG]: a large export shows live progress against the total and can be cancelled", async ({ page }) => {
    const ticket = "T-E2E-LARGE";
    await arrange(
      `INSERT INTO audit_entries (actor_email, action, outcome, ticket_ref, detail, created_at)
       SELECT 'bulk@console.example', 'account.view', 'DONE'::audit_outcome, $1, jsonb_build_object('n', g), now() - interval '1 day' - g * interval '1 second'
       FROM generate_series(1, 100000) AS g
       WHERE NOT EXISTS (SELECT 1 FROM audit_entries WHERE ticket_ref = $1)`,
      [ticket],
    );
    await page.goto(`/audit/log?ticket=${ticket}`);
    await page.getByRole("button", { name: "Export CSV" }).click();
    await expect(page.getByTestId("export-progress")).toHaveText(/^[\d,]+ of 100,000 rows exported…$/);
    await expect(page.getByRole("progressbar", { name: "Export progress" })).toBeVisible();
    await page.getByRole("button", { name: "Cancel export" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Export cancelled" })).toHaveText(/Export cancelled after [\d,]+ rows\. Nothing was saved\./);
    await expect(page.getByRole("button", { name: "Export CSV" })).toBeEnabled();
    // The page kept its state.
    await expect(page).toHaveURL(new RegExp(`ticket=${ticket}`));
    await expect(page.getByTestId("audit-row")).toHaveCount(50);
  });
});

test.describe("agents", () => {
  test("[AGENT][AUDIT-LOG]: the account page offers no audit link to an agent, who may not read the log", async ({ page }) => {
    await page.goto("/?q=healthy@demo.example");
    await expect(page.getByRole("heading", { name: "demo-healthy", level: 1 })).toBeVisible();
    await expect(page.getByTestId("account-audit-link")).toHaveCount(0);
  });

  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][AUDIT_LOG]: has no link to the audit log and gets 403 for the page and the export by URL", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);

    const pageResponse = await page.goto("/audit/log");
    expect(pageResponse?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

    const exportResponse = await page.request.get("/audit/log/export?outcome=DONE");
    expect(exportResponse.status()).toBe(403);
    expect(exportResponse.headers()["content-type"] ?? "").not.toContain("text/csv");
  });
});
