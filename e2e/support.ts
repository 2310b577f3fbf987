import type { Page } from "@playwright/test";
import pg from "pg";
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
 * (a failed email delivery, say). Never for checking what a user would see.
 */
export async function arrange(sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${process.env.E2E_DB_PORT ?? 3101}/postgres?sslmode=disable` });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}
