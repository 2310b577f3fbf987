import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demoStaff, storageStateFor } from "./support";

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });

  test("[LEAD][PERMISSIONS_AUDIT]: filters by level, sorts by last login from the header, pages forward and back, all in the URL", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Permissions audit" }).click();
    await expect(page.getByRole("heading", { name: "Teammate permissions audit", level: 1 })).toBeVisible();

    // The filter form is folded under the flag chips until opened.
    await page.getByText("Filters", { exact: true }).click();
    await page.getByLabel("Permission level").selectOption("ADMIN");
    await page.getByLabel("Rows per page").selectOption("25");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/level=ADMIN/);
    const rows = page.getByTestId("permission-row");
    await expect(rows).toHaveCount(25);
    for (const row of await rows.all()) await expect(row.getByRole("cell").nth(2)).toHaveText("Admin");

    await page.getByTestId("sort-lastLogin").click();
    await expect(page).toHaveURL(/sort=lastLogin&dir=asc/);
    await expect(page.getByRole("columnheader", { name: /Last login/ })).toHaveAttribute("aria-sort", "ascending");
    await expect(rows).toHaveCount(25);
    const times = async () => Promise.all((await rows.all()).map(async (r) => (await r.locator("time").first().getAttribute("datetime")) ?? ""));
    const firstPage = await times();
    expect([...firstPage].sort()).toEqual(firstPage);

    const firstRow = (await rows.first().textContent()) ?? "";
    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/after=/);
    await expect(page).toHaveURL(/level=ADMIN/);
    // Each teammate is on one page only: the new first row is another teammate.
    await expect(rows.first()).not.toHaveText(firstRow);
    await expect(rows).toHaveCount(25);
    const secondPage = await times();
    expect((secondPage[0] ?? "") >= (firstPage[firstPage.length - 1] ?? "")).toBe(true);
    await page.getByRole("link", { name: "← Previous" }).click();
    await expect(page).toHaveURL(/before=/);
    await expect(rows.first()).toHaveText(firstRow);
    expect(await times()).toEqual(firstPage);

    // Reversing the order from the header keeps the filter.
    await page.getByTestId("sort-lastLogin").click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect(page.getByRole("columnheader", { name: /Last login/ })).toHaveAttribute("aria-sort", "descending");
    await expect(page.getByLabel("Permission level")).toHaveValue("ADMIN");
  });

  test("[LEAD][PERMISSIONS_AUDIT]: flags explain themselves on keyboard focus; the shared-login account is flagged", async ({ page }) => {
    await page.goto("/audit/permissions?account=demo-shared-login");
    const row = page.getByTestId("permission-row").filter({ hasText: "demo-shared-login" });
    await expect(row).toHaveCount(1);
    await expect(page.getByRole("tooltip").filter({ hasText: "only login" })).toBeHidden();
    // Tab from the row's account link passes the email's copy button and reaches the
    // flag, as a keyboard user would.
    await row.getByRole("link", { name: "demo-shared-login" }).focus();
    await page.keyboard.press("Tab");
    await expect(row.getByRole("button", { name: /^Copy email / })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(row.locator("[aria-describedby]").first()).toBeFocused();
    await expect(page.getByRole("tooltip").filter({ hasText: "only login" })).toBeVisible();
    await expect(page.getByRole("tooltip").filter({ hasText: "only login" })).toContainText("integration");
  });

  test("[LEAD][PERMISSIONS_AUDIT]: the risk chips lead, high risk first, with counts; a chip applies its flag", async ({ page }) => {
    await page.goto("/audit/permissions");
    const chips = page.getByRole("navigation", { name: "Flags by risk" }).getByRole("link");
    await expect(chips.first()).toHaveAttribute("data-flag", "changes_then_failures");
    await expect(chips.last()).toHaveAttribute("data-flag", "several_admins");
    // The form is folded: the chips are the first question.
    await expect(page.getByLabel("Permission level")).toBeHidden();
    const shared = page.locator('a[data-flag="shared_login"]');
    await expect(shared.getByTestId("flag-count")).toHaveText(/^[1-9][\d,]*\+?$/);
    await shared.click();
    await expect(page).toHaveURL(/flag=shared_login/);
    await expect(page.locator('a[data-flag="shared_login"]')).toHaveAttribute("aria-current", "true");
    const rows = page.getByTestId("permission-row");
    await expect(rows.filter({ hasText: "demo-shared-login" })).toHaveCount(1);
    for (const row of await rows.all()) await expect(row).toContainText("Shared login");
  });

  test("[LEAD][PERMISSIONS_AUDIT]: opens the per-account view from the account page and sees who changed the password before the failures", async ({
    page,
  }) => {
    await page.goto("/?q=changed@demo.example");
    await expect(page.getByRole("heading", { name: "demo-changed", level: 1 })).toBeVisible();
    // The panel's link, inside the page (the menu has one of the same name, and the
    // page's body streams in after its heading).
    await page.getByRole("main").getByRole("link", { name: "Permissions audit" }).click();
    await expect(page).toHaveURL(/\/audit\/permissions\?account=\d+/);
    await expect(page.getByText(/Teammates of/)).toContainText("demo-changed");
    const flagged = page.getByTestId("permission-row").filter({ hasText: "Change → failed logins" });
    await expect(flagged).toHaveCount(1);
    await expect(flagged).toContainText("Admin");
    await expect(page.getByTestId("permission-row").filter({ has: page.getByRole("cell", { name: "Owner", exact: true }) })).toHaveCount(1);
  });

  test("[LEAD][PERMISSIONS_AUDIT]: bad filters are explained next to their field and nothing is lost; an unknown account says so", async ({ page }) => {
    await page.goto("/audit/permissions?createdFrom=2026-03-01&createdTo=2026-01-01&level=OWNER");
    await expect(page.locator("#createdTo-error")).toHaveText("“Created to” must be on or after “Created from”.");
    await expect(page.getByRole("alert").filter({ hasText: "Some filters cannot be used" })).toContainText("“Created to” must be on or after “Created from”.");
    await expect(page.getByLabel("Created to")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Permission level")).toHaveValue("OWNER");
    await expect(page.getByTestId("permission-row")).toHaveCount(0);

    await page.goto("/audit/permissions?account=no-such-customer");
    await expect(page.getByText("No account is called “no-such-customer”")).toBeVisible();
  });

  test("[LEAD][PERMISSIONS_AUDIT]: exports the filtered rows as CSV with progress, and the export shows in the audit log", async ({ page }) => {
    await page.goto("/audit/permissions?level=OWNER&limit=25");
    await expect(page.getByTestId("permission-row")).toHaveCount(25);
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export all matching rows (CSV)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^teammate-permissions-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), "utf8"))
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines[0]).toBe(
      "account_id,account_username,account_status,teammate_id,teammate_username,teammate_email,level,scopes,last_login_at_utc,created_at_utc,flags",
    );
    // Every account has exactly one owner: one row per demo account, more than a page.
    expect(lines.length - 1).toBeGreaterThan(25);
    expect(lines.slice(1).every((l) => l.split(",")[6] === "OWNER")).toBe(true);
    await expect(page.getByRole("status").filter({ hasText: "Export finished" })).toHaveText(
      new RegExp(`Export finished: ${(lines.length - 1).toLocaleString("en-US")} rows saved`),
    );

    await page.goto("/audit/log?action=permissions_audit.export");
    await expect(page.getByTestId("audit-row").first()).toContainText(demoStaff("LEAD").email);
  });
});

test.describe("leads whose session ends", () => {
  test.use({ storageState: storageStateFor("LEAD") });

  test("[LEAD][PERMISSIONS_AUDIT]: an export after the session ended says to sign in again and saves nothing", async ({ page }) => {
    await page.goto("/audit/permissions?level=OWNER");
    await expect(page.getByTestId("permission-row").first()).toBeVisible();
    // The server answers an export without a live session by redirecting to sign-in (the
    // route matrix test proves that part); here the browser meets that answer. Clearing
    // the cookies instead raced with responses that refresh the session cookie.
    await page.route("**/audit/permissions/export**", (route) =>
      route.fulfill({ status: 307, headers: { location: "/sign-in?callbackUrl=%2Faudit%2Fpermissions" } }),
    );
    let downloads = 0;
    page.on("download", () => downloads++);
    await page.getByRole("button", { name: "Export all matching rows (CSV)" }).click();
    await expect(page.getByRole("status").filter({ hasText: "session has ended" })).toHaveText("Your session has ended. Sign in again, then export.");
    expect(downloads).toBe(0);
    // The page keeps what the lead was looking at.
    await expect(page.getByLabel("Permission level")).toHaveValue("OWNER");
  });
});

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][PERMISSIONS_AUDIT]: no link in the menu or on the account page, and 403 for the page and the export by URL", async ({ page }) => {
    await page.goto("/?q=changed@demo.example");
    await expect(page.getByRole("heading", { name: "demo-changed", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Permissions audit" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Permissions audit" })).toHaveCount(0);

    const pageResponse = await page.goto("/audit/permissions?level=OWNER");
    expect(pageResponse?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

    const exportResponse = await page.request.get("/audit/permissions/export?level=OWNER");
    expect(exportResponse.status()).toBe(403);
    expect(exportResponse.headers()["content-type"] ?? "").not.toContain("text/csv");
  });
});
