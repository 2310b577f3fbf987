// Everything the account page shows, read in one statement: the facts the diagnosis
// needs (./account-sql.ts), the requested timeline page (./timeline.ts) and the
// customer emails the console sent (lib/data/outbox/email-status.ts). One round trip
// instead of about twenty queries (issue 14). No server-only import: the benchmark
// loads the page's data exactly as the page does.
import { AUDIT_COLUMNS, auditValues, type AuditInput } from "@/lib/audit/audit-sql";
import { planOnce, type Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { outboxEmailsFrom, outboxEmailsSql, type EmailStatusDto } from "@/lib/data/outbox/email-status";
import type { AccountSubject } from "@/lib/diagnosis/types";
import { factsCtes, factsObject } from "./account-sql";
import { accountSubjectFrom, factsSince } from "./load-account-facts";
import { timelineJson, timelinePageFrom, type TimelinePage, type TimelineQuery } from "./timeline";

/** How many of the newest customer emails the page lists. */
export const PAGE_EMAILS = 20;

export interface AccountPageData {
  subject: AccountSubject;
  timeline: TimelinePage;
  emails: EmailStatusDto[];
}

/**
 * The page's data as of `now`. `timelineDb` is where the timeline may be read: the same
 * client as `db` (no read replica) makes it one statement; a replica (it tolerates a little
 * lag, lib/db/read-routing.ts) gets the timeline's statement while the primary answers
 * the facts and emails an agent acts on, both at once. `audit`, when given, is written by
 * the same statement on the primary, and only if the account exists: the view's audit
 * entry costs no round trip of its own.
 */
export async function loadAccountPage(
  db: Db,
  accountId: number,
  now: Date,
  timeline: TimelineQuery = {},
  timelineDb: Db = db,
  audit?: AuditInput,
): Promise<AccountPageData | null> {
  const since = factsSince(now);
  const page = timelineJson(accountId, timeline);
  const together = timelineDb === db;
  const [rows, apart] = await Promise.all([
    db.$queryRaw<{ facts: unknown; timeline: unknown; emails: unknown }[]>(
      planOnce(Prisma.sql`
        WITH ${factsCtes(accountId, since)}${
          audit
            ? Prisma.sql`,
        page_view_audit AS (
          INSERT INTO audit_entries (${AUDIT_COLUMNS})
          SELECT ${auditValues(audit)} WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ${accountId}::int4))`
            : Prisma.empty
        }
        SELECT ${factsObject(since)} AS facts, ${together ? page.sql : Prisma.sql`NULL::json`} AS timeline,
               ${outboxEmailsSql(accountId, PAGE_EMAILS)} AS emails
          FROM accounts a WHERE a.id = ${accountId}::int4`),
    ),
    together ? null : timelineDb.$queryRaw<{ page: unknown }[]>(planOnce(Prisma.sql`SELECT ${page.sql} AS page`)),
  ]);
  const row = rows[0];
  const subject = accountSubjectFrom(row?.facts);
  if (!row || !subject) return null;
  return {
    subject,
    timeline: timelinePageFrom(together ? row.timeline : (apart?.[0]?.page ?? []), page.limit),
    emails: outboxEmailsFrom(row.emails, now),
  };
}
