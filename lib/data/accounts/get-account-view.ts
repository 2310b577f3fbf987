import "server-only";
import { writeAudit, type AuditInput } from "@/lib/audit/write-audit";
import type { StaffContext } from "@/lib/auth/current-staff";
import type { Db } from "@/lib/db/prisma";
import { diagnose, RULES, type Diagnosis, type SubjectFacts } from "@/lib/diagnosis";
import { timeFormatOrUtc, UTC_TIME } from "@/lib/time/zone-time";
import type { AccountSubject, SignUpSubject } from "@/lib/diagnosis/types";
import type { RequestMeta } from "@/lib/http/client-address";
import type { EmailStatusDto } from "@/lib/data/outbox/email-status";
import { loadSignUpFacts } from "./load-account-facts";
import { loadAccountPage } from "./load-account-page";
import { getTimeline, type TimelinePage, type TimelineQuery } from "./timeline";

export interface AccountView {
  subject: AccountSubject;
  diagnosis: Diagnosis;
  /** The same diagnosis written in UTC, for the customer's reply (lib/diagnosis/compose-reply.ts). */
  replyDiagnosis: Diagnosis;
  now: Date;
  /** The timeline page asked for (the newest by default). */
  timeline: TimelinePage;
  /** Customer emails the console sent, newest first. */
  emails: EmailStatusDto[];
}

export interface SignUpView {
  subject: SignUpSubject;
  diagnosis: Diagnosis;
  replyDiagnosis: Diagnosis;
  now: Date;
}

/**
 * The agent's diagnosis (times in their zone) and the customer's (UTC: a reply never
 * carries the agent's offset). One run when the agent reads UTC; a second pure run
 * otherwise, no query.
 */
function diagnoseBoth(facts: SubjectFacts, now: Date, zone: string | null): { diagnosis: Diagnosis; replyDiagnosis: Diagnosis } {
  const times = timeFormatOrUtc(zone);
  const diagnosis = diagnose(facts, now, RULES, times);
  return { diagnosis, replyDiagnosis: times === UTC_TIME ? diagnosis : diagnose(facts, now, RULES, UTC_TIME) };
}

/**
 * The account page's data (facts, timeline page and emails, read in one statement, or
 * two when the timeline comes from a read replica: `timelineDb`),
 * the diagnosis, and the audit entry that records who looked (every view of customer
 * data is audited).
 */
export async function getAccountView(
  db: Db,
  accountId: number,
  viewer: StaffContext,
  meta: RequestMeta,
  timeline: TimelineQuery = {},
  timelineDb: Db = db,
  /** What another caller adds to the view's audit entry (the staff API: its token and ticket). */
  auditExtra: Pick<AuditInput, "detail" | "ticketRef"> = {},
): Promise<AccountView | null> {
  const now = new Date();
  // The view's audit entry is written by the page's own statement (one round trip).
  const audit = {
    actor: { id: viewer.id, email: viewer.email },
    action: "account.view",
    outcome: "DONE",
    targetAccountId: accountId,
    ...auditExtra,
    ...meta,
  } as const;
  const page = await loadAccountPage(db, accountId, now, timeline, timelineDb, audit);
  if (!page) return null;
  const { subject, ...rest } = page;
  // The diagnosis writes its times in the viewer's zone (an input: the engine stays pure).
  return { subject, ...diagnoseBoth({ subject }, now, viewer.timeZone), now, ...rest };
}

export async function getSignUpView(
  db: Db,
  signUpId: number,
  viewer: StaffContext,
  meta: RequestMeta,
  auditExtra: Pick<AuditInput, "detail" | "ticketRef"> = {},
): Promise<SignUpView | null> {
  const now = new Date();
  const facts = await loadSignUpFacts(db, signUpId);
  if (!facts) return null;
  await writeAudit(db, {
    actor: { id: viewer.id, email: viewer.email },
    action: "signup.view",
    outcome: "DONE",
    targetSignUpId: signUpId,
    ...auditExtra,
    ...meta,
  });
  return { subject: facts.subject, ...diagnoseBoth(facts, now, viewer.timeZone), now };
}

export function getAccountTimeline(db: Db, accountId: number, query: TimelineQuery): Promise<TimelinePage> {
  return getTimeline(db, accountId, query);
}
