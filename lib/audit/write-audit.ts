import "server-only";
import type { Db, Tx } from "@/lib/db/prisma";
import type { AuditOutcome, Prisma } from "@/lib/generated/prisma/client";
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

/** Appends one entry. Pass the action's transaction so the entry commits with the work. */
export async function writeAudit(db: Db | Tx, entry: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorId: entry.actor.id,
      actorEmail: clip(entry.actor.email) ?? "",
      action: entry.action,
      outcome: entry.outcome,
      code: entry.code ?? null,
      targetAccountId: entry.targetAccountId ?? null,
      targetSignUpId: entry.targetSignUpId ?? null,
      ticketRef: clip(entry.ticketRef),
      reason: clip(entry.reason),
      ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
      ip: clip(entry.ip),
      userAgent: clip(entry.userAgent),
    },
  });
}
