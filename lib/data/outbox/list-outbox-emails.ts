import "server-only";
import type { Db } from "@/lib/db/prisma";

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
 * by which platform source), expired unused, or superseded by a newer email. Never the
 * token or its hash.
 */
export type LinkStatusDto =
  | { state: "open"; expiresAt: Date }
  | { state: "used"; at: Date; bySource: string | null }
  | { state: "expired"; at: Date }
  | { state: "superseded"; at: Date };

interface TokenFacts {
  expiresAt: Date;
  usedAt: Date | null;
  supersededAt: Date | null;
  usedBySource: { name: string } | null;
}

export function linkStatus(token: TokenFacts | null, now: Date): LinkStatusDto | null {
  if (!token) return null;
  if (token.usedAt) return { state: "used", at: token.usedAt, bySource: token.usedBySource?.name ?? null };
  if (token.supersededAt) return { state: "superseded", at: token.supersededAt };
  if (token.expiresAt <= now) return { state: "expired", at: token.expiresAt };
  return { state: "open", expiresAt: token.expiresAt };
}

const tokenFacts = { select: { expiresAt: true, usedAt: true, supersededAt: true, usedBySource: { select: { name: true } } } } as const;

/** Customer emails the console sent for an account or a sign-up, newest first. */
export async function listOutboxEmails(db: Db, target: { accountId: number } | { signUpId: number }, take = 20, now = new Date()): Promise<EmailStatusDto[]> {
  const rows = await db.emailOutbox.findMany({
    where: target,
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      kind: true,
      recipient: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
      ticketRef: true,
      requestedBy: { select: { name: true } },
      resetToken: tokenFacts,
      confirmationToken: tokenFacts,
    },
  });
  return rows.map(({ requestedBy, resetToken, confirmationToken, ...row }) => ({
    ...row,
    requestedBy: requestedBy.name,
    link: linkStatus(resetToken ?? confirmationToken, now),
  }));
}
