import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { e2ePlatform, platformEvent as event } from "./platform";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

const accountId = `acct_e2e_${randomUUID().slice(0, 8)}`;
const username = `e2e-ingest-${accountId.slice(-8)}`;

test("[AGENT][INGEST]: a ban posted through the ingest API makes the account page say banned and refuse resets", async ({ page, request }) => {
  const { post } = await e2ePlatform(request, `e2e-${accountId}`);
  const created = await post([
    event("account.created", { account_id: accountId, username, email: `${username}@ingest.example`, plan: "pro" }, 60),
    event("login.attempted", { account_id: accountId, channel: "web", outcome: "success", username_tried: username, ip: "203.0.113.77" }, 30),
  ]);
  expect(created.body).toMatchObject({ accepted: 2, rejected: 0 });

  // Found by the platform's id; an active account offers the reset.
  await page.goto(`/?q=${encodeURIComponent(accountId)}`);
  await expect(page).toHaveURL(/\/accounts\/\d+/);
  const accountUrl = page.url();
  // Offered (folded under "Other actions": nothing is wrong with this account yet).
  await expect(page.getByTestId("send-reset-open")).toHaveCount(1);

  const banned = await post([
    event("account.banned", { account_id: accountId, reason: "Phishing confirmed by compliance", ban_email_ref: "COMPLIANCE-E2E-1" }, 1),
  ]);
  expect(banned.body).toMatchObject({ accepted: 1 });

  await page.goto(accountUrl);
  await expect(page.getByText("Phishing confirmed by compliance").first()).toBeVisible();
  await expect(page.getByText("Banned").first()).toBeVisible();
  await expect(page.getByTestId("no-sends")).toBeVisible();
  await expect(page.getByTestId("send-reset-open")).toHaveCount(0);
});

test("[AGENT][INGEST]: an account deleted on the platform says so in the header and in search, and offers no send", async ({ page, request }) => {
  const deletedId = `acct_del_${randomUUID().slice(0, 8)}`;
  const deletedName = `e2e-deleted-${deletedId.slice(-8)}`;
  const { post } = await e2ePlatform(request, `e2e-${deletedId}`);
  const posted = await post([
    event("account.created", { account_id: deletedId, username: deletedName, email: `${deletedName}@ingest.example` }, 120),
    event(
      "login.attempted",
      { account_id: deletedId, channel: "web", outcome: "failure", reason: "wrong_password", username_tried: deletedName, ip: "203.0.113.78" },
      30,
    ),
    event("account.deleted", { account_id: deletedId }, 10),
  ]);
  expect(posted.body).toMatchObject({ accepted: 3, rejected: 0 });

  await page.goto(`/?q=${encodeURIComponent(deletedName)}`);
  await expect(page).toHaveURL(/\/accounts\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(deletedName);
  await expect(page.getByTestId("verdict-strip")).toContainText("Deleted on the platform");
  await expect(page.getByTestId("no-sends")).toBeVisible();
  await expect(page.getByTestId("send-reset-open")).toHaveCount(0);
  // A search row that is not opened directly says the same.
  await page.goto(`/?q=${encodeURIComponent(deletedName.slice(0, -2))}`);
  await expect(page.getByTestId("search-result").filter({ hasText: deletedName })).toContainText("Deleted on the platform");
});

test("[INGEST]: the endpoint refuses a bad token without a staff session, and serves its schema", async ({ request }) => {
  const refused = await request.post("/api/ingest/v1/events", {
    headers: { authorization: `Bearer ${newSourceToken().token}`, "content-type": "application/cloudevents-batch+json" },
    data: "[]",
  });
  expect(refused.status()).toBe(401);
  const schema = await request.get("/api/ingest/v1/schema");
  expect(schema.status()).toBe(200);
  expect(Object.keys(((await schema.json()) as { types: Record<string, unknown> }).types)).toContain("account.banned");
});
