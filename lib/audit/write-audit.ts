import "server-only";
import type { Db, Tx } from "@/lib/db/prisma";
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

/**
 * Appends one entry. Pass the action's transaction so the entry commits with the work.
 * One plain INSERT rather than the model's create: every page view writes one, and the
 * generated client's query planning cost more CPU than the insert (issue 14). The
 * database's trigger seals the hash chain as for any writer.
 */
export async function writeAudit(db: Db | Tx, entry: AuditInput): Promise<void> {
  await db.$executeRaw`INSERT INTO audit_entries (${AUDIT_COLUMNS}) VALUES (${auditValues(entry)})`;
}
