import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { arrange, demoStaff, signIn } from "./support";

// A staff user of this spec's own, so its tokens do not show on other specs' pages.
test.use({ storageState: { cookies: [], origins: [] } });

test("[AGENT][API-TOKENS]: an agent creates a personal access token in settings, sees it once, uses it on the staff API, then revokes it", async ({
  page,
  request,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const email = `pat-agent-${suffix}@console.example`;
  const agent = demoStaff("AGENT");
  await arrange(
    `INSERT INTO staff_users (id, email, name, role, password_hash) SELECT $1, $2, 'Pat Token', 'AGENT', password_hash FROM staff_users WHERE email = $3`,
    [`e2e-pat-${suffix}`, email, agent.email],
  );
  await signIn(page, email, agent.password);
  // Signed in before the next navigation, or it would cut the sign-in short.
  await expect(page.getByTestId("signed-in-as")).toContainText("Pat Token");
  await page.goto("/settings");
  await page.getByLabel("Name").fill("Zendesk sidebar");
  await page.getByTestId("create-token").click();
  const secret = (await page.getByTestId("new-token-secret").textContent()) ?? "";
  expect(secret).toMatch(/^acs_pat_[0-9a-f]{8}_/);
  await expect(page.getByTestId("token-row")).toContainText(["Zendesk sidebar"]);

  // Shown once: after a reload the list has the prefix, never the secret.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByTestId("token-row").first()).toContainText(secret.slice(0, 16));
  expect(await page.content()).not.toContain(secret);

  const search = await request.get("/api/staff/v1/search?q=demo", { headers: { authorization: `Bearer ${secret}` } });
  expect(search.status()).toBe(200);

  await page
    .getByRole("button", { name: /Revoke/ })
    .first()
    .click();
  await expect(page.getByTestId("token-row").first()).toContainText("revoked");
  const after = await request.get("/api/staff/v1/search?q=demo", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});
