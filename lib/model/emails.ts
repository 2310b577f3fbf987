// A customer email as the account and sign-up pages show it, and its link's state:
// client-safe (no Prisma, no SQL). Never the token or its hash.
import type { LinkCancelReason } from "@/lib/generated/prisma/enums";

export interface EmailStatusDto {
  id: number;
  kind: "PASSWORD_RESET" | "USERNAME_RECOVERY" | "CONFIRMATION_RESEND";
  recipient: string;
  status: "QUEUED" | "SENDING" | "SENT" | "FAILED";
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  ticketRef: string | null;
  requestedBy: string;
  /** For password resets and confirmations: what became of the link's token. */
  link: LinkStatusDto | null;
}

/**
 * The single-use link a reset or confirmation email carries: still open, used (when, and
 * by which platform source), cancelled because the platform changed its customer (banned,
 * new address...: see lib/email/cancel-links.ts), expired unused, or superseded by a
 * newer email. Never the token or its hash.
 */
export type LinkStatusDto =
  | { state: "open"; expiresAt: Date }
  | { state: "used"; at: Date; bySource: string | null }
  | { state: "cancelled"; at: Date; reason: LinkCancelReason }
  | { state: "expired"; at: Date }
  | { state: "superseded"; at: Date };
