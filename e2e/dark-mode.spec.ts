import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { clickWhenReady, storageStateFor } from "./support";

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

// Issue #21, item 10: in dark mode the dialogs' backdrop (a palette colour, which turns
// over) lightened the page behind them. It must dim it in both schemes.
for (const scheme of ["dark", "light"] as const) {
  test.describe(`agents, ${scheme} scheme`, () => {
    test.use({ storageState: storageStateFor("AGENT"), colorScheme: scheme });
    test(`[AGENT][DARK_MODE]: the palette's and the recovery dialog's backdrops dim the page (${scheme})`, async ({ page }) => {
      const dims = async (dialog: Locator) => {
        const { brightest, alpha } = await dialog.evaluate((el) => {
          const probe = document.createElement("canvas").getContext("2d");
          if (!probe) throw new Error("no canvas");
          probe.fillStyle = getComputedStyle(el, "::backdrop").backgroundColor;
          probe.fillRect(0, 0, 1, 1);
          const [r = 0, g = 0, b = 0, a = 0] = probe.getImageData(0, 0, 1, 1).data;
          return { brightest: Math.max(r, g, b), alpha: a };
        });
        // A dark veil, clearly there: never a light one.
        expect(alpha).toBeGreaterThan(100);
        expect(brightest).toBeLessThan(60);
      };
      await page.goto("/?q=forgot-password@demo.example");
      await clickWhenReady(page.getByTestId("primary-send-reset-open"));
      const dialog = page.getByTestId("primary-send-reset-dialog");
      await expect(dialog).toBeVisible();
      await dims(dialog);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      const palette = page.getByRole("dialog", { name: "Jump to a customer" });
      await expect(async () => {
        await page.keyboard.press("Control+k");
        await expect(palette).toBeVisible({ timeout: 1000 });
      }).toPass();
      await dims(palette);
    });
  });
}
