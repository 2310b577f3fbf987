// Staff single sign-on against a real OpenID Connect provider (./oidc-provider.ts),
// through the browser, with the console reached as console.test (issue 19, item 9).
// The provider accepts one redirect URI, the console.test one: a sign-in that gets past
// it proves the console sent the URI a browser can use.
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "@/lib/auth/passwords";
import { embeddedDatabaseUrl } from "@/lib/db/runtime";
import { PROVIDER_USERS, SSO_DATA_DIR, SSO_ISSUER, SSO_NAME } from "./sso-settings";

test.describe.configure({ mode: "serial" });

type Login = keyof typeof PROVIDER_USERS;

/** Rows from this run's database: for arranging staff users and reading what no screen shows (stored IPs, audit detail). */
async function query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(SSO_DATA_DIR) });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

interface SignInEntry {
  actor_email: string;
  outcome: string;
  code: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown> | null;
}

const lastAuditId = async () => (await query<{ id: string }>("SELECT coalesce(max(id), 0)::text AS id FROM audit_entries"))[0]?.id ?? "0";
const signInEntriesSince = (id: string) =>
  query<SignInEntry>(
    "SELECT actor_email, outcome::text, code, ip, user_agent, detail FROM audit_entries WHERE id > $1::bigint AND action = 'auth.sign_in' ORDER BY id",
    [id],
  );

const ADMIN = { email: "sso-admin@corp.test", password: "a long enough admin password" };

test.beforeAll(async () => {
  await query(
    `INSERT INTO staff_users (id, email, email_lower, name, role, password_hash, disabled_at) VALUES
       (gen_random_uuid()::text, $1, lower($1), 'SSO Admin', 'ADMIN', $2, NULL),
       (gen_random_uuid()::text, 'Ada.Lovelace@Corp.test', 'ada.lovelace@corp.test', 'Ada Lovelace', 'LEAD', NULL, NULL),
       (gen_random_uuid()::text, 'grace@corp.test', 'grace@corp.test', 'Grace Hopper', 'AGENT', NULL, NULL),
       (gen_random_uuid()::text, 'gone@corp.test', 'gone@corp.test', 'Gone Away', 'AGENT', NULL, now())`,
    [ADMIN.email, await hashPassword(ADMIN.password)],
  );
});

/** The console's button, then the provider's own login page (any password), as a person would. */
async function signInWithSso(page: Page, login: Login): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${SSO_ISSUER}/interaction/`));
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password will do");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("[STAFF][SSO]: the button signs a staff member in through the provider, binding their identity at the first sign-in and by subject after", async ({
  page,
}) => {
  const mark = await lastAuditId();
  await signInWithSso(page, "ada");
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada Lovelace");
  expect(new URL(page.url()).host).toMatch(/^console\.test:/);
  // The staff user is stored as Ada.Lovelace@Corp.test; the provider says ada.lovelace@corp.test.
  expect(await query("SELECT sso_subject, last_sign_in_at IS NOT NULL AS signed_in FROM staff_users WHERE email_lower = 'ada.lovelace@corp.test'")).toEqual([
    { sso_subject: "ada", signed_in: true },
  ]);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The provider remembers the person: this time the console matches them by subject.
  await page.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada Lovelace");

  const entries = await signInEntriesSince(mark);
  expect(entries.map((e) => [e.outcome, e.actor_email, e.detail?.boundSubject ?? false])).toEqual([
    ["DONE", "Ada.Lovelace@Corp.test", true],
    ["DONE", "Ada.Lovelace@Corp.test", false],
  ]);
  for (const entry of entries) {
    expect(entry).toMatchObject({ ip: "127.0.0.1" });
    expect(entry.user_agent).toContain("Chrome");
    expect(entry.detail).toMatchObject({ provider: "sso", issuer: SSO_ISSUER, subject: "ada", providerEmail: "ada.lovelace@corp.test", emailVerified: true });
  }
});

test("[STAFF][SSO]: each refusal ends on the console's sign-in page saying why, audited with the provider identity that tried", async ({ browser }) => {
  const cases: { login: Login; title: string; code: string }[] = [
    { login: "stranger", title: "No staff user for this identity", code: "UNKNOWN_EMAIL" },
    { login: "grace-unverified", title: "Email address not verified", code: "EMAIL_NOT_VERIFIED" },
    { login: "ada-second", title: "Linked to another identity", code: "SUBJECT_MISMATCH" },
    { login: "gone", title: "Staff user disabled", code: "DISABLED" },
  ];
  for (const { login, title, code } of cases) {
    // A fresh browser each time: the provider would otherwise remember the last person.
    const context = await browser.newContext();
    const page = await context.newPage();
    const mark = await lastAuditId();
    await signInWithSso(page, login);
    await expect(page).toHaveURL(/console\.test:\d+\/sign-in\?error=sso-/);
    await expect(page.getByRole("alert").filter({ hasText: title })).toBeVisible();
    const entries = await signInEntriesSince(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "REFUSED", code, actor_email: PROVIDER_USERS[login].email, ip: "127.0.0.1" });
    expect(entries[0]?.user_agent).toContain("Chrome");
    expect(entries[0]?.detail).toMatchObject({ provider: "sso", issuer: SSO_ISSUER, subject: login, providerEmail: PROVIDER_USERS[login].email });
    await context.close();
  }
  expect(await query("SELECT sso_subject FROM staff_users WHERE email_lower IN ('grace@corp.test', 'gone@corp.test')")).toEqual([
    { sso_subject: null },
    { sso_subject: null },
  ]);
});

test("[STAFF][SSO]: cancelling at the provider ends on the sign-in page saying so, audited with the provider's error", async ({ page }) => {
  const mark = await lastAuditId();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${SSO_ISSUER}/interaction/`));
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect(page).toHaveURL(/console\.test:\d+\/sign-in\?error=sso-cancelled/);
  await expect(page.getByRole("alert").filter({ hasText: "Single sign-on cancelled" })).toBeVisible();
  const entries = await signInEntriesSince(mark);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ outcome: "REFUSED", code: "PROVIDER_ERROR", ip: "127.0.0.1" });
  expect(entries[0]?.detail).toMatchObject({ provider: "sso", issuer: SSO_ISSUER, providerError: "access_denied" });
});

test("[ADMIN][SSO]: the staff page shows who is bound; disabling ends a single sign-on session for good, even once re-enabled", async ({ page, browser }) => {
  const adaContext = await browser.newContext();
  const ada = await adaContext.newPage();
  await signInWithSso(ada, "ada");
  await expect(ada.getByTestId("signed-in-as")).toContainText("Ada Lovelace");

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("SSO Admin");
  await page.goto("/staff");
  const row = page.getByTestId("staff-row-Ada.Lovelace@Corp.test");
  await expect(row.getByTestId("sso-binding")).toHaveText(/^Single sign-on:\s*ada$/);
  await expect(row.locator("[data-label='Last sign-in']")).not.toContainText("Never");

  await row.getByRole("button", { name: "Disable…" }).click();
  await row.getByRole("button", { name: "Disable Ada Lovelace now" }).click();
  await expect(row).toContainText(/disabled/i);
  await ada.goto("/");
  await expect(ada).toHaveURL(/\/sign-in/);
  // Disabled: the provider still vouches for Ada, the console refuses and says why.
  await ada.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
  await expect(ada.getByRole("alert").filter({ hasText: "Staff user disabled" })).toBeVisible();

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText("Enabled");
  // The session from before the disable stays over.
  await ada.goto("/");
  await expect(ada).toHaveURL(/\/sign-in/);
  await ada.getByRole("button", { name: `Sign in with ${SSO_NAME}` }).click();
  await expect(ada.getByTestId("signed-in-as")).toContainText("Ada Lovelace");
  await adaContext.close();
});
