import "server-only";
import type { Db } from "@/lib/db/prisma";
import { linkStatus, type EmailStatusDto } from "./email-status";

export { linkStatus, type EmailStatusDto, type LinkStatusDto } from "./email-status";

const tokenFacts = {
  select: { expiresAt: true, usedAt: true, supersededAt: true, cancelledAt: true, cancelReason: true, usedBySource: { select: { name: true } } },
} as const;

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
