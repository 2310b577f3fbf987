import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { arrange, demoStaff, queryE2eDatabase, signIn } from "./support";

// A staff user of this spec's own: specs run in parallel as the demo users, and their
// times must stay UTC while this one changes its zone.
test.use({ storageState: { cookies: [], origins: [] } });

/** "2026-11-30 03:03" in UTC, moved to Tokyo (UTC+9 all year: no daylight saving). */
const inTokyo = (utcClock: string) =>
  `${new Date(Date.parse(`${utcClock.replace(" ", "T")}:00Z`) + 9 * 3_600_000).toISOString().slice(0, 16).replace("T", " ")} UTC+09:00`;

test("[LEAD][TIME_ZONE]: a lead sets a time zone from the header, sees account and audit log times in it, then resets to UTC", async ({ page }) => {
  const suffix = randomUUID().slice(0, 8);
  const email = `tz-lead-${suffix}@console.example`;
  const lead = demoStaff("LEAD");
  await arrange(
    `INSERT INTO staff_users (id, email, name, role, password_hash) SELECT $1, $2, 'Tess Zone', 'LEAD', password_hash FROM staff_users WHERE email = $3`,
    [`e2e-tz-${suffix}`, email, lead.email],
  );
  const [account] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM accounts WHERE username = 'demo-locked'`);
  if (!account) throw new Error("demo-locked is missing from the demo data");
  await signIn(page, email, lead.password);
  await expect(page.getByTestId("signed-in-as")).toContainText("Tess Zone");

  // UTC by default, and written as such.
  await page.goto(`/accounts/${account.id}`);
  const facts = page.getByTestId("account-facts");
  await expect(facts).toContainText(/created \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  const createdUtc = /created (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec((await facts.textContent()) ?? "")?.[1];
  if (!createdUtc) throw new Error("no creation time on the account page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo-locked");

  // The header's name opens the preferences; the zone is chosen with the keyboard alone.
  await page.getByTestId("signed-in-as").click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Preferences");
  const list = page.getByLabel("Time zone", { exact: true });
  await expect(list).toHaveValue("UTC");
  await page.getByLabel("Find a zone").fill("tokyo");
  await page.keyboard.press("Tab");
  await expect(list).toBeFocused();
  await page.keyboard.press("End");
  await expect(list).toHaveValue("Asia/Tokyo");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Save time zone" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Times are now shown in Asia/Tokyo.")).toBeVisible();

  // The account page: facts, timeline clocks and hovers in Tokyo time, the exact UTC kept on hover.
  await page.goto(`/accounts/${account.id}`);
  await expect(facts).toContainText(`created ${inTokyo(createdUtc)}`);
  await expect(facts).not.toContainText(/\d{2}:\d{2} UTC(?!\+)/);
  const entry = page.getByTestId("timeline").locator("time").first();
  await expect(entry).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\+09:00 \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)/);
  // The diagnosis writes its lock time in the same zone.
  await expect(page.getByText(/Locked until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+09:00/).first()).toBeVisible();

  // The audit log: its own entry for the change, timed in Tokyo, the day filter labelled with the zone.
  await page.goto(`/audit/log?action=staff.set_time_zone&actor=e2e-tz-${suffix}`);
  await expect(page.getByLabel("From (Asia/Tokyo)")).toBeVisible();
  const row = page.getByTestId("audit-row").first();
  await expect(row).toContainText("Changed their time zone");
  await expect(row).toContainText("time zone: Asia/Tokyo");
  const when = row.locator("time");
  const iso = await when.getAttribute("datetime");
  if (!iso) throw new Error("the audit row has no machine time");
  await expect(when).toHaveText(inTokyo(iso.slice(0, 16).replace("T", " ")));

  // Back to UTC, and the times with it.
  await page.goto("/settings");
  await page.getByRole("button", { name: "Reset to UTC" }).click();
  await expect(page.getByText("Times are now shown in UTC.")).toBeVisible();
  await page.goto(`/accounts/${account.id}`);
  await expect(facts).toContainText(`created ${createdUtc} UTC`);
});
