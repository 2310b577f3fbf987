import type { Page } from "@playwright/test";
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
