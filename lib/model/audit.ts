// The audit log's entry as the UI and the export read it: client-safe (no Prisma, no SQL).
import type { AuditOutcome } from "@/lib/generated/prisma/enums";

export interface AuditEntryDto {
  id: string;
  createdAt: string;
  actorId: string | null;
  actorEmail: string;
  actorName: string | null;
  action: string;
  /** The action in words ("Signed in"), for people; `action` is the code. */
  actionLabel: string;
  outcome: AuditOutcome;
  code: string | null;
  /** `code` in words ("Too many emails: rate limit reached"). */
  codeText: string | null;
  accountId: number | null;
  accountUsername: string | null;
  signUpId: number | null;
  ticketRef: string | null;
  reason: string | null;
  /** `reason` as a sentence ("Lacks the permission to read the audit log"). */
  reasonText: string | null;
  /** `detail` in one short line of words for the table ("email #1 · link expires …"). */
  detailSummary: string | null;
  /** `detail` exactly, as JSON text, for the export. */
  detailJson: string | null;
  ip: string | null;
  userAgent: string | null;
}
