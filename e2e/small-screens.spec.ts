import { expect, test, type Page } from "@playwright/test";
import { can, type Permission } from "@/lib/auth/permissions";
import { randomUUID } from "node:crypto";
import { arrange, demoStaff, storageStateFor, type Role } from "./support";

// A phone in portrait (iPhone 12-15 class): the narrowest width agents asked for.
const PHONE = { width: 390, height: 844 } as const;

/**
 * Every console page, as each role meets it (a role without access meets the 403 page,
 * which must fit too). Account pages are reached through the search, as an agent does,
 * because their ids come from the seed.
 */
const PAGES: readonly { name: string; path: string; heading: string | RegExp; permission?: Permission }[] = [
  { name: "search home", path: "/", heading: "Find a customer" },
  { name: "search results", path: "/?q=demo-ban", heading: "Find a customer" },
  { name: "empty search", path: "/?q=zzqx-nobody", heading: "Find a customer" },
  { name: "banned account", path: "/?q=banned@demo.example", heading: "demo-banned" },
  { name: "changed-by-teammate account", path: "/?q=changed@demo.example", heading: "demo-changed" },
  { name: "locked account", path: "/?q=locked@demo.example", heading: "demo-locked" },
  { name: "shared-login account", path: "/?q=shared-login@demo.example", heading: "demo-shared-login" },
  { name: "at-risk account", path: "/?q=at-risk@demo.example", heading: "demo-at-risk" },
  { name: "banned subuser account", path: "/?q=banned-subuser@demo.example", heading: "demo-banned-subuser" },
  { name: "sign-up", path: "/?q=unconfirmed@demo.example", heading: "demo-unconfirmed" },
  { name: "unknown account", path: "/accounts/999999999", heading: /No account/ },
  { name: "demo mailbox", path: "/mail", heading: "Demo mailbox" },
  { name: "audit log", path: "/audit/log", heading: "Audit log", permission: "audit.read" },
  { name: "permissions audit", path: "/audit/permissions", heading: "Teammate permissions audit", permission: "permissions_audit.read" },
  {
    name: "flagged permissions audit",
    path: "/audit/permissions?flag=stale_admin",
    heading: "Teammate permissions audit",
    permission: "permissions_audit.read",
  },
  { name: "staff", path: "/staff", heading: "Staff", permission: "staff.manage" },
  { name: "sources", path: "/sources", heading: "Sources", permission: "sources.manage" },
  { name: "preferences", path: "/settings", heading: "Preferences" },
];

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const pokesOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    // Content inside a box that scrolls sideways on its own (the menu strip) is no culprit.
    const insideScroller = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible" && !pokesOut(up)) return true;
      }
      return false;
    };
    // The innermost elements poking out of the viewport, so a failure names the culprit.
    const culprits = Array.from(document.body.querySelectorAll<HTMLElement>("*"))
      .filter((el) => el.getClientRects().length > 0 && pokesOut(el) && !insideScroller(el))
      .filter((el) => !Array.from(el.children).some(pokesOut))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ""}.${el.className.toString().slice(0, 60)}`);
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  });
}

for (const role of ["AGENT", "LEAD", "ADMIN"] as const satisfies readonly Role[]) {
  test.describe(`${role.toLowerCase()}s on a phone`, () => {
    test.use({ storageState: storageStateFor(role), viewport: PHONE });

    for (const { name, path, heading, permission } of PAGES) {
      test(`[${role}][SMALL_SCREENS]: the ${name} page fits 390 px without sideways scrolling`, async ({ page }) => {
        await page.goto(path);
        // The page has rendered (or refused this role): measure what the user sees.
        const allowed = !permission || can(role, permission);
        await expect(page.getByRole("heading", { name: allowed ? heading : "You don't have access to this page" }).first()).toBeVisible();
        await expect(page.getByTestId("table-skeleton")).toHaveCount(0);
        const { scrollWidth, culprits } = await horizontalOverflow(page);
        expect(scrollWidth, `wider than the screen because of: ${culprits.join(" | ")}`).toBeLessThanOrEqual(PHONE.width);
      });
    }

    test(`[${role}][SMALL_SCREENS]: the header keeps the brand, search and sign-out on screen in three rows at most`, async ({ page }) => {
      await page.goto("/");
      const header = page.getByRole("banner").first();
      for (const part of [
        page.getByRole("link", { name: "Access console" }),
        page.getByRole("searchbox", { name: "Search customers" }),
        page.getByRole("button", { name: "Sign out" }),
        page.getByTestId("signed-in-as"),
      ]) {
        const box = await part.boundingBox();
        expect(box, "visible").not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      }
      // Brand and sign-out, the search, the menu: no more than three rows of ~44 px.
      const headerBox = await header.boundingBox();
      expect(headerBox!.height).toBeLessThanOrEqual(3 * 52);
      // The menu scrolls inside itself: every page is still one tap away.
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).not.toHaveCount(0);
      for (const link of await nav.getByRole("link").all()) {
        await link.scrollIntoViewIfNeeded();
        await expect(link).toBeInViewport();
      }
    });
  });
}

test.describe("admins on a phone, with a teammate's token", () => {
  test.use({ storageState: storageStateFor("ADMIN"), viewport: PHONE });

  test("[ADMIN][SMALL_SCREENS]: the preferences page lists another staff member's revoked token within 390 px", async ({ page }) => {
    // An admin sees everyone's tokens: the owner's email in a narrow card once pushed the
    // page to 402 px (a long unbroken value in a stacked cell did not wrap).
    const suffix = randomUUID().slice(0, 8);
    const agent = demoStaff("AGENT");
    await arrange(
      `INSERT INTO staff_users (id, email, name, role, password_hash) SELECT $1, $2, 'Phone Token', 'AGENT', password_hash FROM staff_users WHERE email = $3`,
      [`e2e-phone-${suffix}`, `phone-token-owner-${suffix}@console.example`, agent.email],
    );
    await arrange(
      `INSERT INTO personal_access_tokens (staff_id, name, token_hash, token_prefix, scopes, expires_at, last_used_at, revoked_at)
       VALUES ($1, 'Zendesk sidebar', $2, $3, ARRAY['read', 'act'], now() + interval '30 days', now(), now())`,
      [`e2e-phone-${suffix}`, `phone-${suffix}`, `acs_pat_${suffix}`],
    );
    await page.goto("/settings");
    await expect(page.getByTestId("token-row").filter({ hasText: `phone-token-owner-${suffix}` })).toBeVisible();
    const { scrollWidth, culprits } = await horizontalOverflow(page);
    expect(scrollWidth, `wider than the screen because of: ${culprits.join(" | ")}`).toBeLessThanOrEqual(PHONE.width);
  });
});
