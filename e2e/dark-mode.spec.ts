import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageStateFor } from "./support";

// The console follows the system's colour scheme; contrast must hold in both.
test.use({ colorScheme: "dark" });
// axe walks the whole DOM (see accessibility.spec.ts): slow on a shared machine.
test.beforeEach(() => test.slow());

async function contrastViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Relative luminance of the page background, 0 (black) to 1 (white). */
async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const probe = document.createElement("canvas").getContext("2d");
    if (!probe) throw new Error("no canvas");
    probe.fillStyle = getComputedStyle(document.body).backgroundColor;
    probe.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0] = probe.getImageData(0, 0, 1, 1).data;
    const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  });
}

test("[ANONYMOUS][DARK_MODE]: the sign-in page is dark when the system is, with no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  expect(await backgroundLuminance(page)).toBeLessThan(0.05);
  expect(await contrastViolations(page)).toEqual([]);
});

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });
  for (const [name, path, heading] of [
    ["banned account", "/?q=banned@demo.example", "demo-banned"],
    ["changed-by-teammate account", "/?q=changed@demo.example", "demo-changed"],
    ["search results", "/?q=demo-ban", "Find a customer"],
  ] as const) {
    test(`[AGENT][DARK_MODE]: the ${name} page is dark with contrast that passes axe`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeAttached();
      expect(await backgroundLuminance(page)).toBeLessThan(0.05);
      expect(await contrastViolations(page)).toEqual([]);
    });
  }
});

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });
  for (const [name, path, heading] of [
    ["audit log", "/audit/log", "Audit log"],
    ["permissions audit", "/audit/permissions?account=demo-changed", "Teammate permissions audit"],
  ] as const) {
    test(`[LEAD][DARK_MODE]: the ${name} page is dark with contrast that passes axe`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await expect(page.getByTestId("table-skeleton")).toHaveCount(0);
      expect(await backgroundLuminance(page)).toBeLessThan(0.05);
      expect(await contrastViolations(page)).toEqual([]);
    });
  }
});
