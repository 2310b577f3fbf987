// The closed set of things the audit trail records. A dotted verb per entry.
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "access.denied",
  "customer.search",
  "account.view",
  "signup.view",
  "mail.view",
  "account.reactivate",
  "staff.create",
  "staff.change_role",
  "staff.disable",
  "staff.enable",
  "recovery.send_password_reset",
  "recovery.send_username",
  "recovery.resend_confirmation",
  "email.retry",
  "audit.export",
  "permissions_audit.export",
  "source.create",
  "source.rotate",
  "source.revoke",
  "source.update",
  // The actor is a platform source (actorEmail "source:<name>"), not a staff user.
  "platform.redeem_token",
  "account.watch_live",
  // A staff member's own preference; actor and target are the same person.
  "staff.set_time_zone",
  "staff.create_token",
  "staff.revoke_token",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
