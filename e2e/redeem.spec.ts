// The platform redeems what the console emails: an agent sends a password reset, the
// link's token redeems once through the platform API with the demo-platform source's
// token (200), a second time answers 410, and the account's email panel says "used".
// And admins manage sources on their own page, where a token is shown once.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { hashToken, openToken } from "@/lib/email/token";
import { DEMO_SOURCE_TOKEN_FILE } from "@/lib/platform/sources/demo-source";
import { E2E_DATA_DIR, PORT } from "@/playwright.config";
import { e2ePlatform, platformEvent as event } from "./platform";
import { arrange, openSendDialog, queryE2eDatabase, storageStateFor } from "./support";

// The e2e server's AUTH_SECRET (playwright.config.ts), which seals the outbox's tokens in embedded mode.
process.env.OUTBOX_SECRET = "e2e-secret-not-for-production-use-0123456789";

const REDEEM = "/api/platform/v1/tokens/redeem";
const demoPlatformToken = () => readFileSync(path.join(E2E_DATA_DIR, DEMO_SOURCE_TOKEN_FILE), "utf8").trim();

/**
 * The demo mailbox shows a link's shape but never its token (an agent could take the
 * account over with it), so this spec plays the customer's inbox instead: a trigger keeps
 * each new outbox row's sealed token, which the test opens with the server's secret.
 */
async function captureSealedTokens(): Promise<void> {
  await arrange(`CREATE TABLE IF NOT EXISTS e2e_captured_links (outbox_id int PRIMARY KEY, sealed text NOT NULL)`);
  await arrange(`
    CREATE OR REPLACE FUNCTION e2e_capture_link() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.payload ? 'sealedToken' THEN
        INSERT INTO e2e_captured_links VALUES (NEW.id, NEW.payload ->> 'sealedToken') ON CONFLICT DO NOTHING;
      END IF;
      RETURN NEW;
    END $$`);
  await arrange(`DROP TRIGGER IF EXISTS e2e_capture_link ON email_outbox`);
  await arrange(`CREATE TRIGGER e2e_capture_link AFTER INSERT ON email_outbox FOR EACH ROW EXECUTE FUNCTION e2e_capture_link()`);
}

async function openAccount(page: Page, email: string): Promise<number> {
  await page.goto(`/?q=${encodeURIComponent(email)}`);
  await expect(page).toHaveURL(/\/accounts\/\d+/);
  return Number(/\/accounts\/(\d+)/.exec(page.url())?.[1]);
}

test.describe("redeeming a reset link", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][REDEEM]: the reset link redeems once through the platform API, then answers 410, and the email panel says used", async ({ page, request }) => {
    // A long walk (send, delivery, mailbox, two API calls, the page again) on a shared machine.
    test.setTimeout(120_000);
    await captureSealedTokens();
    const customer = "shared-login@demo.example";
    const accountId = await openAccount(page, customer);

    await openSendDialog(page, "send-reset");
    const dialog = page.getByTestId("send-reset-dialog");
    await dialog.getByLabel("Ticket reference").fill("T-REDEEM-1");
    await dialog.getByRole("button", { name: /Confirm/ }).click();
    await expect(dialog.getByText("The email is queued")).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();

    const email = page.getByTestId("email").filter({ hasText: "T-REDEEM-1" }).first();
    await expect(async () => {
      await page.reload();
      await expect(email).toHaveAttribute("data-status", "SENT", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(email.getByTestId("link-status")).toHaveAttribute("data-link-state", "open");

    // The message reached the demo mailbox, with the link's token taken out...
    await page.goto("/mail");
    const message = page.getByTestId("mailbox").getByRole("listitem").filter({ hasText: customer }).first();
    await message.locator("summary").click();
    await expect(message.locator("pre")).toContainText("/reset-password?token=removed-by-demo-mailbox");

    // ...and the customer's copy holds the token whose hash the console keeps.
    const [row] = await queryE2eDatabase<{ sealed: string; token_hash: string }>(
      `SELECT c.sealed, t.token_hash FROM e2e_captured_links c JOIN password_reset_tokens t ON t.outbox_id = c.outbox_id
        WHERE t.account_id = $1 ORDER BY c.outbox_id DESC LIMIT 1`,
      [accountId],
    );
    await arrange(`DROP TRIGGER IF EXISTS e2e_capture_link ON email_outbox`);
    expect(row).toBeDefined();
    const token = openToken(row?.sealed ?? "");
    expect(hashToken(token)).toBe(row?.token_hash);

    const headers = { authorization: `Bearer ${demoPlatformToken()}` };
    const first = await request.post(REDEEM, { headers, data: { token } });
    expect(first.status()).toBe(200);
    expect(await first.json()).toMatchObject({ kind: "password_reset", accountId, email: customer });

    const second = await request.post(REDEEM, { headers, data: { token } });
    expect(second.status()).toBe(410);
    expect(await second.json()).toMatchObject({ error: { code: "TOKEN_USED" } });

    // Without the source token the door stays shut, whatever the staff session.
    expect((await request.post(REDEEM, { data: { token } })).status()).toBe(401);

    await page.goto(`/accounts/${accountId}`);
    const status = page.getByTestId("email").filter({ hasText: "T-REDEEM-1" }).first().getByTestId("link-status");
    await expect(status).toHaveAttribute("data-link-state", "used");
    await expect(status).toContainText("Link used");
    await expect(status).toContainText("through demo-platform");
  });
});

/** The raw token of the newest captured link of an account or sign-up (the customer's inbox). */
async function capturedToken(table: "password_reset_tokens" | "confirmation_tokens", subject: "account_id" | "sign_up_id", id: number): Promise<string> {
  const [row] = await queryE2eDatabase<{ sealed: string; token_hash: string }>(
    `SELECT c.sealed, t.token_hash FROM e2e_captured_links c JOIN ${table} t ON t.outbox_id = c.outbox_id
      WHERE t.${subject} = $1 ORDER BY c.outbox_id DESC LIMIT 1`,
    [id],
  );
  expect(row).toBeDefined();
  const token = openToken(row?.sealed ?? "");
  expect(hashToken(token)).toBe(row?.token_hash);
  return token;
}

/** A platform source that both sends the customer's events and redeems their links. */
async function ingestingRedeemer(request: Parameters<typeof e2ePlatform>[0], name: string) {
  const platform = await e2ePlatform(request, name);
  await arrange(`UPDATE event_sources SET scopes = ARRAY['ingest', 'redeem'] WHERE name = $1`, [name]);
  return platform;
}

async function sendFromDialog(page: Page, testId: "send-reset" | "send-username" | "resend-confirmation", ticket: string): Promise<void> {
  await openSendDialog(page, testId);
  const dialog = page.getByTestId(`${testId}-dialog`);
  await dialog.getByLabel("Ticket reference").fill(ticket);
  await dialog.getByRole("button", { name: /Confirm/ }).click();
  await expect(dialog.getByText("The email is queued")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
}

test.describe("links the platform made wrong", () => {
  test.use({ storageState: storageStateFor("AGENT") });

  test("[AGENT][REDEEM]: a reset link sent before the platform changed the account's email answers 410 EMAIL_CHANGED, and the emails panel says it was cancelled and why", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const id = `acct_cancel_${randomUUID().slice(0, 8)}`;
    const name = `e2e-links-${id.slice(-8)}`;
    const platform = await ingestingRedeemer(request, name);
    await platform.post([event("account.created", { account_id: id, username: name, email: `${name}@old-mailbox.example` }, 60)]);
    await captureSealedTokens();

    await page.goto(`/?q=${encodeURIComponent(id)}`);
    await expect(page).toHaveURL(/\/accounts\/\d+/);
    const accountId = Number(/\/accounts\/(\d+)/.exec(page.url())?.[1]);
    await sendFromDialog(page, "send-reset", "T-CANCEL-1");
    const token = await capturedToken("password_reset_tokens", "account_id", accountId);
    await arrange(`DROP TRIGGER IF EXISTS e2e_capture_link ON email_outbox`);

    // The customer's mailbox was hijacked; the platform moves the account to a new address.
    await platform.post([event("account.updated", { account_id: id, email: `${name}@new-mailbox.example` }, 1)]);

    const gone = await request.post(REDEEM, { headers: { authorization: `Bearer ${platform.token}` }, data: { token } });
    expect(gone.status()).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: "EMAIL_CHANGED" } });

    await page.goto(`/accounts/${accountId}`);
    const status = page.getByTestId("email").filter({ hasText: "T-CANCEL-1" }).first().getByTestId("link-status");
    await expect(status).toHaveAttribute("data-link-state", "cancelled");
    await expect(status).toHaveAttribute("data-cancel-reason", "EMAIL_CHANGED");
    await expect(status).toContainText("Link cancelled");
    await expect(status).toContainText("cancelled: the email address changed on");
  });

  test("[AGENT][REDEEM]: a confirmation link resent before the sign-up was confirmed says on the sign-up page that it was cancelled, and another source cannot redeem it", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const id = `su_cancel_${randomUUID().slice(0, 8)}`;
    const name = `e2e-signup-${id.slice(-8)}`;
    const email = `${name}@signup.example`;
    const platform = await ingestingRedeemer(request, name);
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    await platform.post([event("signup.created", { signup_id: id, username: name, email, confirmation_expires_at: expires }, 60)]);
    await captureSealedTokens();

    await page.goto(`/?q=${encodeURIComponent(email)}`);
    await expect(page).toHaveURL(/\/signups\/\d+/);
    const signUpId = Number(/\/signups\/(\d+)/.exec(page.url())?.[1]);
    await sendFromDialog(page, "resend-confirmation", "T-CANCEL-2");
    const token = await capturedToken("confirmation_tokens", "sign_up_id", signUpId);
    await arrange(`DROP TRIGGER IF EXISTS e2e_capture_link ON email_outbox`);

    // The demo source (another source) may not redeem what this platform's events created.
    const foreign = await request.post(REDEEM, { headers: { authorization: `Bearer ${demoPlatformToken()}` }, data: { token } });
    expect(foreign.status()).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: "SOURCE_NOT_ALLOWED" } });

    await platform.post([event("signup.confirmed", { signup_id: id }, 1)]);
    const gone = await request.post(REDEEM, { headers: { authorization: `Bearer ${platform.token}` }, data: { token } });
    expect(gone.status()).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: "SIGNUP_CONFIRMED" } });

    await page.goto(`/signups/${signUpId}`);
    const status = page.getByTestId("email").filter({ hasText: "T-CANCEL-2" }).first().getByTestId("link-status");
    await expect(status).toHaveAttribute("data-cancel-reason", "SIGNUP_CONFIRMED");
    await expect(status).toContainText("cancelled: the sign-up was confirmed on");
  });
});

/** The pid listening on the e2e server's port (Linux: /proc), or null where that cannot be read. */
function serverPid(port: number): number | null {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // Column 1 is the local address, 3 the state (0A: listening), 9 the socket's inode.
      if (cols[1]?.endsWith(hex) && cols[3] === "0A" && cols[9]) inodes.add(`socket:[${cols[9]}]`);
    }
  }
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      }
    } catch {
      // Another user's process, or one that just ended.
    }
  }
  return null;
}

const residentBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) * 1024;

/**
 * The status of a POST without a source token, read as soon as it arrives: the server
 * answers and closes the connection before the body is sent, so a client that waited to
 * finish sending (fetch does) would mostly see the reset instead of the answer.
 */
function postWithoutToken(url: URL, body: Buffer): Promise<number | string> {
  return new Promise((resolve) => {
    const sending = http.request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": body.byteLength } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    // Once answered, the write cut short by the close is expected; before that, it is reported.
    sending.on("error", (error) => resolve(`no answer: ${String(error)}`));
    sending.end(body);
  });
}

test("[PLATFORM][REDEEM]: five 10 MiB bodies without a source token are refused (401, the connection closed unread), and the server's memory does not grow by them", async () => {
  const pid = serverPid(PORT);
  test.skip(pid === null, "needs /proc to find the server's memory");
  if (pid === null) return;
  const body = Buffer.alloc(10 * 1024 * 1024, "a");
  const url = new URL(`http://localhost:${PORT}${REDEEM}`);
  // Settle: a first request warms the route (its code is loaded on first use).
  await postWithoutToken(url, Buffer.from("{}"));
  const before = residentBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 5);
  try {
    const statuses = await Promise.all(Array.from({ length: 5 }, () => postWithoutToken(url, body)));
    // The server answers 401 and closes the connection without reading on: a client still
    // sending may see the close (EPIPE, ECONNRESET) before it reads the answer. Either is a
    // refusal; at least one answer must be read, to know it was the token check that refused.
    for (const status of statuses) expect(String(status)).toMatch(/^(401|no answer: .*(EPIPE|ECONNRESET).*)$/);
    expect(statuses).toContain(401);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, residentBytes(pid));
  // Five bodies read whole would be 50 MiB of bytes, then as much again as strings.
  expect(peak - before, `resident memory grew from ${before} to ${peak} bytes`).toBeLessThan(16 * 1024 * 1024);
});

test.describe("managing sources", () => {
  test.describe("admins", () => {
    test.use({ storageState: storageStateFor("ADMIN") });

    test("[ADMIN][SOURCES]: creates a source and sees its token once", async ({ page, request }) => {
      const name = `e2e-source-${Date.now().toString(36)}`;
      await page.goto("/");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
      await expect(page).toHaveURL(/\/sources$/);
      await expect(page.getByRole("heading", { name: "Sources", level: 1 })).toBeVisible();

      // A name of the wrong shape is refused with the field's message.
      await page.getByLabel("Name", { exact: true }).fill("Not A Slug");
      await page.getByRole("button", { name: "Create source" }).click();
      await expect(page.getByText(/A name is 2 to 63 lower-case letters/)).toBeVisible();

      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("button", { name: "Create source" }).click();
      const issued = page.getByTestId("issued-token");
      await expect(issued).toContainText("you will not see it again");
      const token = await issued.getByLabel(`Token of ${name}`).inputValue();
      expect(token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
      const row = page.getByTestId("source-row").filter({ hasText: name });
      await expect(row).toContainText(`${token.slice(0, 9)}…`);
      // The token sits above the form (not under it), and the list offers nothing to copy that looks like a token.
      const tokenBox = await issued.boundingBox();
      const formBox = await page.getByRole("button", { name: "Create source" }).boundingBox();
      expect(tokenBox && formBox && tokenBox.y < formBox.y).toBe(true);
      await expect(row.getByRole("button", { name: /^Copy token/ })).toHaveCount(0);
      await expect(page.getByLabel("Allowed event types")).toHaveAttribute("placeholder", /login\.attempted/);

      // The token works (this one may ingest but not redeem: 403, not 401).
      const response = await request.post(REDEEM, { headers: { authorization: `Bearer ${token}` }, data: { token: "x" } });
      expect(response.status()).toBe(403);

      await issued.getByRole("button", { name: "Done, hide it" }).click();
      await expect(page.getByTestId("issued-token")).toHaveCount(0);
      await page.reload();
      await expect(page.getByTestId("source-row").filter({ hasText: name })).toBeVisible();
      expect(await page.content()).not.toContain(token);
    });
  });

  for (const role of ["AGENT", "LEAD"] as const) {
    test.describe(`${role.toLowerCase()}s`, () => {
      test.use({ storageState: storageStateFor(role) });

      test(`[${role}][SOURCES]: has no Sources link and cannot open the page`, async ({ page }) => {
        await page.goto("/");
        await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" })).toHaveCount(0);
        const response = await page.goto("/sources");
        expect(response?.status()).toBe(403);
        await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
      });
    });
  }
});
