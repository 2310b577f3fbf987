import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

// The navigation reads the same permission map as the pages: a link shows only when
// the page behind it would let this role in.
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Search", permission: "account.view" },
  { href: "/staff", label: "Staff", permission: "staff.manage" },
];
