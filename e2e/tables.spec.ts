import { expect, test, type Locator, type Page } from "@playwright/test";
import { arrange, storageStateFor } from "./support";

// One audit entry with values that used to break mid-word ("lead@consol e.example",
// "T-424 2"), and 40 more under one ticket to scroll and sort through. Arranged in the
// database because no screen writes audit entries with chosen values.
const LONG = {
  email: "escalations.night-shift.lead@console.example",
  ticket: "T-4242424242-REOPENED",
  ip: "2001:db8:85a3:1234:5678:8a2e:370:7334",
};
const MANY = "T-E2E-TABLES";
const MANY_COUNT = 40;

/** How many lines of text an element's box holds. */
const linesOf = (locator: Locator) => locator.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));

/** True when each corner of the element is the element itself on screen: inside the window and clipped by nothing. */
const showsWhole = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const corners: [number, number][] = [
      [r.left + 2, r.top + 2],
      [r.right - 2, r.top + 2],
      [r.left + 2, r.bottom - 2],
      [r.right - 2, r.bottom - 2],
    ];
    return corners.every(([x, y]) => el.contains(document.elementFromPoint(x, y)));
  });

async function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });

  test.beforeAll(async () => {
    await arrange(
      `INSERT INTO audit_entries (actor_email, action, outcome, target_account_id, ticket_ref, ip, created_at)
       SELECT $1, 'recovery.send_username', 'DONE'::audit_outcome, (SELECT id FROM accounts WHERE username_lower = 'demo-healthy'), $2, $3,
              now() - interval '30 days'
       WHERE NOT EXISTS (SELECT 1 FROM audit_entries WHERE ticket_ref = $2)`,
      [LONG.email, LONG.ticket, LONG.ip],
    );
    await arrange(
      `INSERT INTO audit_entries (actor_email, action, outcome, target_account_id, ticket_ref, created_at)
       SELECT 'agent@console.example', 'account.view', 'DONE'::audit_outcome, (SELECT id FROM accounts WHERE username_lower = 'demo-healthy'), $1,
              now() - interval '20 days' - g * interval '7 minutes'
       FROM generate_series(1, ${MANY_COUNT}) AS g
       WHERE NOT EXISTS (SELECT 1 FROM audit_entries WHERE ticket_ref = $1)`,
      [MANY],
    );
  });

  test("[LEAD][TABLES]: the audit log's column headers stay at the top of the window while the lead scrolls down the entries", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 600 });
    await page.goto(`/audit/log?ticket=${MANY}`);
    const rows = page.getByTestId("audit-row");
    await expect(rows).toHaveCount(MANY_COUNT);
    await rows.nth(MANY_COUNT - 5).scrollIntoViewIfNeeded();
    const header = page.getByRole("columnheader", { name: /When/ });
    const box = await header.boundingBox();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(box?.y ?? 99).toBeLessThan(4);
    // Drawn over the rows scrolling under it, not hidden behind them.
    expect(await showsWhole(header)).toBe(true);
  });

  for (const width of [1440, 390]) {
    test(`[LEAD][TABLES]: at ${width} px a long email, ticket and IP each stay on one line, cut with the whole value on hover, and copy in one click`, async ({
      page,
      context,
    }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/audit/log?ticket=${LONG.ticket}`);
      const row = page.getByTestId("audit-row");
      await expect(row).toHaveCount(1);
      // Streamed rows sit in a hidden template until React swaps them in: measure them shown.
      await expect(row).toBeVisible();
      for (const value of Object.values(LONG)) {
        const text = row.getByTitle(value, { exact: true });
        await expect(text).toHaveText(value);
        expect(await linesOf(text), value).toBe(1);
      }
      // In the table's narrow column the email is cut, not wrapped.
      if (width === 1440) expect(await row.getByTitle(LONG.email, { exact: true }).evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await row.getByRole("button", { name: `Copy ticket ${LONG.ticket}` }).click();
      await expect(row.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LONG.ticket);
      await row.getByRole("button", { name: `Copy IP ${LONG.ip}` }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(LONG.ip);
    });
  }

  test("[LEAD][AUDIT_LOG]: sorts by time both ways from the column header, in the URL with the filter, and pages in that order", async ({ page }) => {
    await page.goto(`/audit/log?ticket=${MANY}&limit=25`);
    const header = page.getByRole("columnheader", { name: /When/ });
    const times = () =>
      page
        .getByTestId("audit-row")
        .locator("time")
        .evaluateAll((els) => els.map((el) => el.getAttribute("datetime") ?? ""));
    await expect(header).toHaveAttribute("aria-sort", "descending");
    const newestFirst = await times();
    expect(newestFirst).toEqual([...newestFirst].sort().reverse());

    await page.getByTestId("sort-time").click();
    await expect(page).toHaveURL(/dir=asc/);
    await expect(page).toHaveURL(new RegExp(`ticket=${MANY}`));
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect(page.getByLabel("Ticket", { exact: true })).toHaveValue(MANY);
    const oldestFirst = await times();
    expect(oldestFirst).toHaveLength(25);
    expect(oldestFirst).toEqual([...oldestFirst].sort());

    await page.getByRole("link", { name: "Newer →" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(page).toHaveURL(/dir=asc/);
    // The page streams in after the URL changes: wait for its rows.
    await expect(page.getByTestId("audit-row")).toHaveCount(MANY_COUNT - 25);
    const next = await times();
    expect(next).toHaveLength(MANY_COUNT - 25);
    expect(next).toEqual([...next].sort());
    expect((next[0] ?? "") >= (oldestFirst[oldestFirst.length - 1] ?? "")).toBe(true);
    await page.getByRole("link", { name: "← Older" }).click();
    await expect(page.getByTestId("audit-row")).toHaveCount(25);
    expect(await times()).toEqual(oldestFirst);

    await page.getByTestId("sort-time").click();
    await expect(page).not.toHaveURL(/dir=asc/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
  });

  for (const width of [1024, 1440, 390]) {
    test(`[LEAD][PERMISSIONS_AUDIT]: at ${width} px the table fits its card, dates stay on one line and a flag's explanation shows whole inside the window`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/audit/permissions?account=demo-changed");
      const table = page.getByRole("table");
      await expect(page.getByTestId("permission-row").first()).toBeVisible();
      expect(
        await table.evaluate((t) => {
          const card = t.parentElement?.getBoundingClientRect();
          return card !== undefined && t.getBoundingClientRect().right <= card.right + 0.5;
        }),
      ).toBe(true);
      expect(await sideways(page)).toBe(0);
      for (const time of await page.getByTestId("permission-row").locator("time").all()) expect(await linesOf(time)).toBe(1);

      // The last flag of the row is the one nearest the window's right edge.
      const flag = page.getByTestId("permission-row").filter({ hasText: "Change → failed logins" }).locator("[aria-describedby]").last();
      await flag.focus();
      const tip = page.locator(`[id="${await flag.getAttribute("aria-describedby")}"]`);
      await expect(tip).toBeVisible();
      await tip.scrollIntoViewIfNeeded();
      expect(await showsWhole(tip)).toBe(true);
    });
  }

  test("[LEAD][PERMISSIONS_AUDIT]: flags are ranked by risk on rows and in the legend, and the several-admins threshold is a setting the legend states", async ({
    page,
  }) => {
    await page.goto("/audit/permissions?account=demo-changed");
    const rows = page.getByTestId("permission-row");
    const changer = rows.filter({ hasText: "Change → failed logins" });
    const flags = changer.locator("[aria-describedby]");
    await expect(flags.first()).toContainText("Change → failed logins");
    await expect(flags.first()).toContainText("High risk");
    await expect(flags.last()).toContainText("Several admins");
    const legend = await page
      .getByTestId("flag-legend")
      .locator("[data-flag]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-flag")));
    expect(legend.slice(0, 2).sort()).toEqual(["changes_then_failures", "shared_login"]);
    expect(legend[legend.length - 1]).toBe("several_admins");

    const owner = rows.filter({ has: page.getByRole("cell", { name: "Owner", exact: true }) });
    await expect(page.getByTestId("several-admins-threshold")).toContainText("counts from 2 owners or admins (the default)");
    await expect(owner).toContainText("Several admins");
    await page.getByLabel("“Several admins” from").fill("3");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/admins=3/);
    await expect(page.getByTestId("several-admins-threshold")).toContainText("counts from 3 owners or admins");
    await expect(owner).toHaveCount(1);
    await expect(owner).not.toContainText("Several admins");
    await expect(changer).not.toContainText("Several admins");

    await page.goto("/audit/permissions?admins=1");
    await expect(page.locator("#admins-error")).toHaveText("“Several admins” counts from 2 to 20 owners or admins.");
  });
});

test.describe("admins", () => {
  test.use({ storageState: storageStateFor("ADMIN") });

  test("[ADMIN][HEADER]: at 1440 px the header with the longest menu (an admin's) is one row", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/");
    const tops = await page
      .getByRole("banner")
      .first()
      .locator("a, input, button")
      .evaluateAll((els) =>
        els
          .map((el) => el.getBoundingClientRect())
          // Hidden inputs (the sign-out form's action id) have no box.
          .filter((r) => r.height > 0)
          .map((r) => Math.round(r.top + r.height / 2)),
      );
    // Every link, the search box and the sign-out button share one middle line (within a few px).
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(6);
  });

  // The wide tables at desktop and tablet widths: none may push the page sideways.
  for (const width of [1024, 1440]) {
    for (const path of ["/?q=demo-", "/?q=changed@demo.example", "/audit/log", "/audit/permissions", "/staff", "/sources"]) {
      test(`[ADMIN][TABLES]: ${path} fits ${width} px without sideways scrolling`, async ({ page }) => {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeAttached();
        await expect(page.getByTestId("table-skeleton")).toHaveCount(0);
        expect(await sideways(page)).toBe(0);
        // Nor may a table spill out of its card (which the page width alone does not show).
        const spilling = await page
          .locator("table")
          .evaluateAll((tables) =>
            tables
              .filter((t) => t.parentElement && t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 0.5)
              .map((t) => t.querySelector("caption")?.textContent ?? t.getAttribute("aria-label") ?? "table"),
          );
        expect(spilling).toEqual([]);
      });
    }
  }
});

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][SEARCH]: sorts results by last login and back to best match, in the URL", async ({ page }) => {
    await page.goto("/?q=demo-");
    const rows = page.getByTestId("search-result");
    await expect(rows.first()).toBeVisible();
    const bestFirst = await rows.allTextContents();
    await expect(page.getByTestId("search-sort-relevance")).toHaveAttribute("aria-current", "true");

    await page.getByTestId("search-sort-lastLogin").click();
    await expect(page).toHaveURL(/sort=lastLogin/);
    await expect(page.getByTestId("search-sort-lastLogin")).toHaveAttribute("aria-current", "true");
    const logins = await rows.evaluateAll((els) => els.map((el) => el.querySelector("time")?.getAttribute("datetime") ?? null));
    expect(logins).toHaveLength(bestFirst.length);
    const known = logins.filter((v): v is string => v !== null);
    // Most recent first; never logged in at the end.
    expect(logins.slice(0, known.length)).toEqual([...known].sort().reverse());
    expect(await rows.allTextContents()).not.toEqual(bestFirst);

    await page.getByTestId("search-sort-relevance").click();
    await expect(page).not.toHaveURL(/sort=/);
    expect(await rows.allTextContents()).toEqual(bestFirst);
  });
});
