import { expect, test } from "@playwright/test";
import { signIn, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("ADMIN") });

test("[ADMIN][STAFF]: creates a staff user who can sign in, then disables them and they lose access at once", async ({ page, browser }) => {
  const email = `new-agent-${Date.now()}@console.example`;
  const password = "a long enough password";
  await page.goto("/staff");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Nia Newcomer");
  await page.getByLabel("Role", { exact: true }).selectOption("AGENT");
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("button", { name: "Create staff user" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toBeVisible();

  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const newcomer = await other.newPage();
  await signIn(newcomer, email, password);
  await expect(newcomer.getByTestId("signed-in-as")).toContainText("Nia Newcomer");

  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Disable…" }).click();
  await row.getByRole("button", { name: "Disable Nia Newcomer now" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText(/disabled/i);

  await newcomer.goto("/");
  await expect(newcomer).toHaveURL(/\/sign-in/);
  await other.close();
});

test("[ADMIN][STAFF]: a short password is refused next to its field and nothing is created", async ({ page }) => {
  const email = `short-${Date.now()}@console.example`;
  await page.goto("/staff");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Short Password");
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Create staff user" }).click();
  await expect(page.locator("#new-staff-password-error")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: email })).toHaveCount(0);
});

test("[ADMIN][STAFF]: the only admin cannot demote themselves", async ({ page }) => {
  await page.goto("/staff");
  const row = page.getByRole("row").filter({ hasText: "admin@console.example" });
  await row.getByRole("combobox").selectOption("AGENT");
  await row.getByRole("button", { name: "Change role…" }).click();
  await row.getByRole("button", { name: /^Make .* Agent$/ }).click();
  await expect(row.getByRole("alert")).toContainText("only enabled admin");
  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toContainText("Admin");
});

test("[ADMIN][STAFF]: a role change asks for confirmation, and Cancel changes nothing", async ({ page }) => {
  await page.goto("/staff");
  const row = page.getByRole("row").filter({ hasText: "agent@console.example" });
  await row.getByRole("combobox").selectOption("ADMIN");
  await row.getByRole("button", { name: "Change role…" }).click();
  await expect(row).toContainText("what they may see and do changes at once");
  await row.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "agent@console.example" }).getByRole("combobox")).toHaveValue("AGENT");
});

test("[ADMIN][STAFF]: each staff row links to that person's audit entries", async ({ page }) => {
  await page.goto("/staff");
  const row = page.getByRole("row").filter({ hasText: "lead@console.example" });
  await row.getByRole("link", { name: /This person's entries/ }).click();
  await expect(page).toHaveURL(/\/audit\/log\?actor=/);
  await expect(page.getByLabel("Staff user")).toHaveValue(/.+/);
});
