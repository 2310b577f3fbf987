import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { clickWhenReady, storageStateFor } from "./support";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

// axe walks the whole DOM: on the audit and permissions pages (50 rows, each with folded
// details) a run takes 15-35 s on a busy 2-core machine, past the default 30 s.
test.beforeEach(() => test.slow());

test("[ANONYMOUS][A11Y]: the sign-in page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  expect(await seriousViolations(page)).toEqual([]);
});

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });
  for (const [name, path] of [
    ["search", "/"],
    ["search results", "/?q=demo-ban"],
    ["empty search", "/?q=zzqx-nobody"],
    ["account", "/?q=forgot-password@demo.example"],
    ["banned account", "/?q=banned@demo.example"],
    ["locked account", "/?q=locked@demo.example"],
    ["changed-by-teammate account", "/?q=changed@demo.example"],
    ["sign-up", "/?q=unconfirmed@demo.example"],
    ["demo mailbox", "/mail"],
    ["preferences", "/settings"],
  ] as const) {
    test(`[AGENT][A11Y]: the ${name} page has no serious accessibility violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test("[AGENT][A11Y]: the account page with the recovery dialog open has no serious accessibility violations", async ({ page }) => {
    await page.goto("/?q=forgot-password@demo.example");
    await clickWhenReady(page.getByTestId("primary-send-reset-open"));
    await expect(page.getByTestId("primary-send-reset-dialog")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

// Lighthouse (`npm run lighthouse`) also checks that links and buttons are large enough to
// tap, or spaced apart (WCAG 2.2's 2.5.8 target size), a rule axe leaves off by default: a
// finding's list of evidence links, one per line, once failed it on the desktop layout.
for (const [width, height] of [
  [1280, 720],
  [390, 844],
] as const) {
  test.describe(`agents at ${width} px`, () => {
    test.use({ storageState: storageStateFor("AGENT"), viewport: { width, height } });
    for (const [name, path, heading] of [
      ["search", "/", "Find a customer"],
      ["search results", "/?q=demo-&list=1", "Find a customer"],
      ["locked account", "/?q=locked@demo.example", "demo-locked"],
      ["healthy account (the most sign-in attempts of the demo)", "/?q=healthy@demo.example", "demo-healthy"],
      ["changed-by-teammate account", "/?q=changed@demo.example", "demo-changed"],
      ["banned account", "/?q=banned@demo.example", "demo-banned"],
    ] as const) {
      test(`[AGENT][A11Y]: every target on the ${name} page is large or spaced enough to tap at ${width} px`, async ({ page }) => {
        await page.goto(path);
        await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
        const results = await new AxeBuilder({ page }).withRules(["target-size"]).analyze();
        expect(results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`))).toEqual([]);
      });
    }
  });
}

test.describe("leads", () => {
  test.use({ storageState: storageStateFor("LEAD") });
  test("[LEAD][A11Y]: the audit log page has no serious accessibility violations", async ({ page }) => {
    await page.goto("/audit/log");
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    // As Lighthouse checks it (see above): axe leaves the target-size rule off by default.
    const targets = await new AxeBuilder({ page }).withRules(["target-size"]).analyze();
    expect(targets.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`))).toEqual([]);
  });
  for (const [name, path] of [
    ["permissions audit", "/audit/permissions"],
    ["flagged permissions audit", "/audit/permissions?flag=several_admins"],
    ["per-account permissions audit", "/audit/permissions?account=demo-changed"],
    ["permissions audit with a bad filter", "/audit/permissions?createdFrom=2026-02-01&createdTo=2026-01-01"],
  ] as const) {
    test(`[LEAD][A11Y]: the ${name} page has no serious accessibility violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Teammate permissions audit", level: 1 })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("admins", () => {
  test.use({ storageState: storageStateFor("ADMIN") });
  test("[ADMIN][A11Y]: the staff page has no serious accessibility violations", async ({ page }) => {
    await page.goto("/staff");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
