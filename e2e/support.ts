import type { Page } from "@playwright/test";
import pg from "pg";
import { embeddedDatabaseUrl } from "../lib/db/runtime";
import { E2E_DATA_DIR } from "../playwright.config";
import { DEMO_STAFF } from "../prisma/seed/demo";

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
