// Audit entries in words: the log page and the CSV's human columns read "Signed in",
// "Lacks the permission to read the audit log", "email #1 · link expires 2026-11-30
// 08:03 UTC" instead of `auth.sign_in`, "needs audit.read" and raw JSON. The codes stay
// in the machine columns (and a folded "details for engineers" on the page). Pure.

import type { AuditAction } from "./action-names";
import { AUDIT_ACTIONS } from "./action-names";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { UTC_TIME, type TimeFormat } from "@/lib/time/zone-time";

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_out": "Signed out",
  "access.denied": "Was refused a page or action",
  "customer.search": "Searched for a customer",
  "account.view": "Viewed an account",
  "signup.view": "Viewed a sign-up",
  "mail.view": "Opened the demo mailbox",
  "account.reactivate": "Tried to reactivate an account",
  "staff.create": "Created a staff user",
  "staff.change_role": "Changed a staff user's role",
  "staff.disable": "Disabled a staff user",
  "staff.enable": "Enabled a staff user",
  "recovery.send_password_reset": "Sent a password reset",
  "recovery.send_username": "Sent a username reminder",
  "recovery.resend_confirmation": "Resent the confirmation email",
  "email.retry": "Retried a failed email",
  "audit.export": "Exported the audit log",
  "permissions_audit.export": "Exported the permissions audit",
  "source.create": "Created a platform event source",
  "source.rotate": "Rotated a platform source's token",
  "source.revoke": "Revoked a platform event source",
  "source.update": "Changed a platform source's scopes or event types",
  "platform.redeem_token": "The platform redeemed an emailed link",
  "account.watch_live": "Watched an account's sign-in attempts live",
  "staff.set_time_zone": "Changed their time zone",
  "staff.create_token": "Created a personal access token",
  "staff.revoke_token": "Revoked a personal access token",
};

export const PERMISSION_LABELS: Record<Permission, string> = {
  "account.view": "view customer accounts",
  "recovery.send_password_reset": "send password resets",
  "recovery.send_username": "send username reminders",
  "recovery.resend_confirmation": "resend confirmation emails",
  "email.retry": "retry failed emails",
  "audit.read": "read the audit log",
  "permissions_audit.read": "read the permissions audit",
  "staff.manage": "manage staff users",
  "sources.manage": "manage platform event sources",
  "preferences.edit_own": "change their own preferences",
};

function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** "Signed in" for `auth.sign_in`; an unknown action (an older row) reads as its words. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : words(action.replace(/[._]/g, " "));
}

/** Codes the actions write as reasons (and outcome codes), in words. */
const CODE_SENTENCES: Record<string, string> = {
  FORBIDDEN: "Not allowed for this role",
  UNAUTHENTICATED: "Not signed in",
  INVALID_INPUT: "Some fields were invalid",
  NOT_FOUND: "Not found",
  REFUSED: "Refused",
  RATE_LIMITED: "Too many emails: rate limit reached",
  CONFLICT: "Conflicts with an existing record",
  INTERNAL: "Unexpected error",
  STAFF_NOT_FOUND: "No such staff user",
  UNCHANGED: "Nothing to change",
  SELF: "Staff cannot do this to themselves",
  DUPLICATE_EMAIL: "That email is already in use",
  NOT_INACTIVE: "The account is active: nothing to reactivate",
  OUTBOX_NOT_FOUND: "No such email in the outbox",
  NOT_FAILED: "The email had not failed",
  RESET_NOT_RETRYABLE: "A password reset is not retried: a new one must be sent",
  INVALID: "Wrong email or password",
  LOCKED: "Sign-in temporarily locked",
};

/** A code such as RATE_LIMITED in words; anything not a known code is returned as it is. */
export function auditCodeLabel(code: string | null): string | null {
  if (code === null) return null;
  return CODE_SENTENCES[code] ?? (/^[A-Z][A-Z0-9_]+$/.test(code) ? words(code.toLowerCase().replace(/_/g, " ")) : code);
}

/** The recorded reason as a sentence: "needs audit.read" reads "Lacks the permission to read the audit log". */
export function auditReasonText(reason: string | null): string | null {
  if (reason === null) return null;
  const needs = /^needs ([a-z_.]+)$/.exec(reason);
  if (needs?.[1] !== undefined && isPermission(needs[1])) return `Lacks the permission to ${PERMISSION_LABELS[needs[1]]}`;
  return auditCodeLabel(reason);
}

const DETAIL_LABELS: Record<string, string> = {
  outboxId: "email #",
  expiresAt: "link expires",
  supersededTokens: "earlier links cancelled",
  duplicate: "repeat of an earlier request",
  where: "where",
  staffUserId: "staff user",
  nextAllowedAt: "next allowed",
  exactHit: "single exact match",
  results: "results",
  query: "searched for",
  shown: "emails shown",
  fields: "invalid fields",
  from: "from",
  to: "to",
  kind: "email",
  status: "status",
  limit: "limit",
  via: "via",
  provider: "sign-in through",
  boundSubject: "single sign-on identity linked",
  total: "rows",
  timeZone: "time zone",
  previousTimeZone: "was",
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function words(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "outboxId" -> "outbox id", for keys without a label. */
function keyWords(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

function valueText(key: string, value: unknown, times: TimeFormat): string {
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value)) return times.at(new Date(value));
    if (key === "where") {
      const [kind, path] = value.split(/:(.*)/s);
      return kind === "page" ? `page ${path ?? ""}` : kind === "export" ? `export ${path ?? ""}` : value;
    }
    return value;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((v) => valueText(key, v, times)).join(", ");
  return JSON.stringify(value);
}

const SUMMARY_MAX = 160;

/**
 * The detail object in words, one "label: value" per key ("email #1 · link expires
 * 2026-11-30 08:03 UTC"). A permission already said by the reason is left out. Times
 * are written by `times`: the reader's zone on the page, UTC in the CSV.
 */
export function auditDetailText(detail: unknown, times: TimeFormat = UTC_TIME): string | null {
  if (detail === null || detail === undefined) return null;
  let text: string;
  if (typeof detail === "object" && !Array.isArray(detail)) {
    text = Object.entries(detail as Record<string, unknown>)
      .filter(([key]) => key !== "permission")
      .map(([key, value]) => {
        const label = DETAIL_LABELS[key] ?? keyWords(key);
        const shown = valueText(key, value, times);
        if (typeof value === "boolean") return value ? label : `not ${label}`;
        return label.endsWith("#") ? `${label}${shown}` : `${label}: ${shown}`;
      })
      .join(" · ");
  } else {
    text = valueText("", detail, times);
  }
  if (text === "") return null;
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}
