// The one map from staff role to what it may do. Pages, server actions, route handlers
// and the navigation all read it; the authorisation matrix test walks it.
//
// There is deliberately no permission that reactivates a banned account: support
// cannot reactivate, whatever the role.
import type { StaffRole } from "@/lib/generated/prisma/enums";

export const PERMISSIONS = [
  "account.view",
  "recovery.send_password_reset",
  "recovery.send_username",
  "recovery.resend_confirmation",
  "email.retry",
  "audit.read",
  "permissions_audit.read",
  "staff.manage",
  "sources.manage",
  // Their own settings (the time zone they read times in): every role, about themselves only.
  "preferences.edit_own",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["AGENT", "LEAD", "ADMIN"] as const satisfies readonly StaffRole[];

const AGENT: readonly Permission[] = [
  "preferences.edit_own",
  "account.view",
  "recovery.send_password_reset",
  "recovery.send_username",
  "recovery.resend_confirmation",
];
const LEAD: readonly Permission[] = [...AGENT, "email.retry", "audit.read", "permissions_audit.read"];
// Source tokens let a sending system write customer data and redeem links: admins only.
const ADMIN: readonly Permission[] = [...LEAD, "staff.manage", "sources.manage"];

export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = { AGENT, LEAD, ADMIN };

export function can(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = { AGENT: "Agent", LEAD: "Team lead", ADMIN: "Admin" };
