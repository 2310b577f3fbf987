import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

test("[ANYONE][HEALTH]: the console reports its database as reachable", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});

test.describe("agents", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][OVERVIEW]: the first start loads the demo data", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Find a customer" })).toBeVisible();
    // The demo seed has at least one account per login-failure scenario.
    const accounts = page.getByTestId("figure-Customer accounts");
    await expect(accounts).toBeVisible();
    expect(Number((await accounts.innerText()).replace(/,/g, ""))).toBeGreaterThan(10);
    await expect(page.getByTestId("figure-Banned accounts")).not.toHaveText("0");
  });
});

test.describe("anonymous visitors", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("[ANONYMOUS][SIGN_IN]: the embedded demo's sign-in page lists the demo sign-ins, and one of them works", async ({ page }) => {
    await page.goto("/sign-in");
    const hint = page.getByTestId("demo-sign-ins");
    await expect(hint).toContainText("agent@console.example");
    await expect(hint).toContainText("demo-agent-password");
    await page.getByLabel("Email").fill("agent@console.example");
    await page.getByLabel("Password").fill("demo-agent-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Find a customer" })).toBeVisible();
  });
});
