import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  /** Only where the built-in mail catcher runs (demo mode). */
  demoOnly?: boolean;
}

// The navigation reads the same permission map as the pages: a link shows only when
// the page behind it would let this role in.
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Search", permission: "account.view" },
  { href: "/mail", label: "Demo mailbox", permission: "account.view", demoOnly: true },
  { href: "/audit/permissions", label: "Permissions audit", permission: "permissions_audit.read" },
  { href: "/audit/log", label: "Audit log", permission: "audit.read" },
  { href: "/staff", label: "Staff", permission: "staff.manage" },
  { href: "/sources", label: "Sources", permission: "sources.manage" },
];
