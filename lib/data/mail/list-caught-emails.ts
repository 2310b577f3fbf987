import "server-only";
import { getDb } from "@/lib/db/client";

/** The built-in SMTP catcher runs only in embedded (demo) mode; `npm start` says so. */
export function isMailCatcherOn(): boolean {
  return process.env.CONSOLE_MAIL_CATCHER === "on";
}

export interface CaughtEmailDto {
  id: number;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  receivedAt: Date;
}

export async function listCaughtEmails(take = 50): Promise<CaughtEmailDto[]> {
  return getDb().caughtEmail.findMany({
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, from: true, to: true, subject: true, text: true, receivedAt: true },
  });
}
