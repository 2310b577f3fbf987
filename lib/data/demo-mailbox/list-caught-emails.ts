import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { StaffContext } from "@/lib/auth/current-staff";
import type { Db } from "@/lib/db/prisma";
import type { RequestMeta } from "@/lib/http/client-address";
import { config } from "@/lib/config";

/** The built-in SMTP catcher runs only in embedded (demo) mode; `npm start` says so. */
export function isMailCatcherOn(): boolean {
  return config().CONSOLE_MAIL_CATCHER === "on";
}

export interface CaughtEmailDto {
  id: number;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  receivedAt: Date;
}

/** The newest caught emails; reading the mailbox is audited like viewing an account. */
export async function listCaughtEmails(db: Db, viewer: StaffContext, meta: RequestMeta, take = 50): Promise<CaughtEmailDto[]> {
  const emails = await db.caughtEmail.findMany({
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, from: true, to: true, subject: true, text: true, receivedAt: true },
  });
  await writeAudit(db, { actor: { id: viewer.id, email: viewer.email }, action: "mail.view", outcome: "DONE", detail: { shown: emails.length }, ...meta });
  return emails;
}
