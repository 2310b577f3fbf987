import { expect, type Locator, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { hashPassword } from "@/lib/auth/passwords";
import { embeddedDatabaseUrl } from "@/lib/db/runtime";
import { E2E_DATA_DIR } from "@/playwright.config";
import { DEMO_STAFF } from "@/prisma/seed/demo";

export type Role = "AGENT" | "LEAD" | "ADMIN";

export function demoStaff(role: Role) {
  const staff = DEMO_STAFF.find((s) => s.role === role);
  if (!staff) throw new Error(`no demo staff user for ${role}`);
  return staff;
}

/** storageState file of a role signed in once by e2e/auth.setup.ts. */
export const storageStateFor = (role: Role) => `e2e/.auth/${role.toLowerCase()}.json`;

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Runs SQL on the e2e run's embedded database, for arranging what no screen can make
 * (a failed email delivery, say). Never for checking what a user would see. The test-only
 * way in is the database's Unix socket in the run's data folder (this user only).
 */
export async function arrange(sql: string, params: unknown[] = []): Promise<void> {
  await queryE2eDatabase(sql, params);
}

/**
 * A staff user of this test's own, for features whose state is per staff user (the
 * recently opened accounts): the shared demo sign-ins are used by every spec at once.
 */
export async function createStaffUser(role: Role, name: string): Promise<{ email: string; password: string; name: string }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID().slice(0, 8)}@e2e.test`;
  const password = `pw-${randomUUID()}`;
  await arrange(
    `INSERT INTO staff_users (id, email, email_lower, name, role, password_hash) VALUES (gen_random_uuid()::text, $1, lower($1), $2, $3::staff_role, $4)`,
    [email, name, role, await hashPassword(password)],
  );
  return { email, password, name };
}

/** Rows from the e2e run's embedded database, for what no screen shows (stored IPs, say). */
export async function queryE2eDatabase<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(E2E_DATA_DIR) });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Keyboard shortcuts are bound after hydration; a key pressed before that is lost. */
export async function shortcutsReady(page: Page): Promise<void> {
  await page.locator("html[data-palette-shortcut='ready'][data-search-shortcut='ready']").waitFor({ state: "attached" });
}

/**
 * Clicks a control of a streamed card once it is hydrated (it says so with data-ready:
 * components/ui/use-hydrated.ts); a click before that is lost.
 */
export async function clickWhenReady(control: Locator): Promise<void> {
  await expect(control).toHaveAttribute("data-ready", "true");
  await control.click();
}

/**
 * Opens a send's dialog from the account page's action column, wherever the page put it:
 * a send that does not fit the diagnosis (a healthy account, a revoked API key) is folded
 * under "Other actions" (issue 21 item 3), so that is unfolded first when needed.
 */
export async function openSendDialog(page: Page, testId: "send-reset" | "send-username" | "resend-confirmation"): Promise<void> {
  const control = page.getByTestId(`${testId}-open`);
  await expect(control).toHaveAttribute("data-ready", "true");
  if (!(await control.isVisible())) {
    const other = page.getByTestId("other-actions");
    if ((await other.getAttribute("open")) === null) await other.locator("summary").click();
  }
  await control.click();
}
