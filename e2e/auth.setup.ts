import { expect, test as setup } from "@playwright/test";
import { demoStaff, signIn, storageStateFor, type Role } from "./support";

// Each role signs in once; the specs reuse the session (storageState).
for (const role of ["AGENT", "LEAD", "ADMIN"] as const satisfies readonly Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const staff = demoStaff(role);
    await signIn(page, staff.email, staff.password);
    await expect(page.getByTestId("signed-in-as")).toContainText(staff.name);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
