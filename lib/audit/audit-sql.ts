// An audit entry's columns and clipped values as SQL, for writeAudit and for statements
// that write their own entry (the account page's read). No server-only import: the
// benchmarks load the account page's data exactly as the page does.
import { Prisma, type AuditOutcome } from "@/lib/generated/prisma/client";
import type { AuditAction } from "./action-names";

export interface AuditInput {
  actor: { id: string; email: string } | { id: null; email: string };
  action: AuditAction;
  outcome: AuditOutcome;
  /** A result code (why it was refused or failed). */
  code?: string | null;
  targetAccountId?: number | null;
  targetSignUpId?: number | null;
  ticketRef?: string | null;
  reason?: string | null;
  detail?: Prisma.InputJsonValue;
  ip?: string | null;
  userAgent?: string | null;
}

/** Free text in an entry is clipped to this many characters (SQL writers clip the same). */
export const MAX_AUDIT_TEXT = 500;
const MAX_TEXT = MAX_AUDIT_TEXT;
const clip = (value: string | null | undefined) => (value == null ? null : value.slice(0, MAX_TEXT));

/** The columns an entry writes, in the order of auditValues. */
export const AUDIT_COLUMNS = Prisma.raw(
  "actor_id, actor_email, action, outcome, code, target_account_id, target_sign_up_id, ticket_ref, reason, detail, ip, user_agent",
);

/**
 * An entry's values for AUDIT_COLUMNS, clipped: for writeAudit, and for statements that
 * write their audit entry themselves (the account page's read, in the same round trip).
 */
export function auditValues(entry: AuditInput): Prisma.Sql {
  return Prisma.sql`${entry.actor.id}::text, ${clip(entry.actor.email) ?? ""}::text, ${entry.action}::text, ${entry.outcome}::audit_outcome,
    ${entry.code ?? null}::text, ${entry.targetAccountId ?? null}::int4, ${entry.targetSignUpId ?? null}::int4, ${clip(entry.ticketRef)}::text,
    ${clip(entry.reason)}::text, ${entry.detail === undefined ? null : JSON.stringify(entry.detail)}::jsonb, ${clip(entry.ip)}::text, ${clip(entry.userAgent)}::text`;
}
