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
}

/** Customer emails the console sent for an account or a sign-up, newest first. */
export async function listOutboxEmails(db: Db, target: { accountId: number } | { signUpId: number }, take = 20): Promise<EmailStatusDto[]> {
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
    },
  });
  return rows.map(({ requestedBy, ...row }) => ({ ...row, requestedBy: requestedBy.name }));
}
