// What Lighthouse's best-practices category (`npm run lighthouse`) checks that a browser
// test can check without it: a page that logs an error to the console (a script that
// throws, a resource refused by the Content-Security-Policy, a hydration mismatch)
// scores below 100, and so does one without a viewport. The pages measured for issue #13.
import { expect, test, type Page } from "@playwright/test";
import { shortcutsReady, storageStateFor } from "./support";

/** Errors the page logs from now on: console errors (CSP refusals are logged so) and uncaught exceptions. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

async function openQuietly(page: Page, path: string, heading: string): Promise<string[]> {
  const errors = collectErrors(page);
  await page.goto(path);
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  // Hydrated (the shortcuts are bound then) and loaded: hydration errors and late scripts have spoken.
  await shortcutsReady(page);
  await page.waitForLoadState("load");
  return errors;
}

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });
  for (const [name, path, heading] of [
    ["locked account", "/?q=locked@demo.example", "demo-locked"],
    ["healthy account (the most sign-in attempts of the demo)", "/?q=healthy@demo.example", "demo-healthy"],
    ["search home", "/", "Find a customer"],
  ] as const) {
    test(`[AGENT][BEST_PRACTICES]: the ${name} page logs no error to the console and declares its language, viewport and description`, async ({ page }) => {
      const errors = await openQuietly(page, path, heading);
      expect(errors).toEqual([]);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await expect(page.locator('meta[name="viewport"]')).toHaveAttribute("content", /width=device-width/);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.+/);
    });
  }
});

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });
  test("[LEAD][BEST_PRACTICES]: the audit log page logs no error to the console", async ({ page }) => {
    expect(await openQuietly(page, "/audit/log", "Audit log")).toEqual([]);
  });
});
