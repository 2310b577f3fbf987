import "server-only";
// The one place the app's database client meets the data layer. Every module under
// lib/data takes its client as a parameter (tests and benchmarks pass their own); pages,
// layouts and route handlers call these bindings and never import lib/db themselves.
//
// With a read replica (DATABASE_READ_URL), the reads that tolerate a little lag take
// `await lagTolerantDb()` (lib/db/read-routing.ts): the search, the audit pages and the
// timeline (the exports decide in lib/export/define-export-route.ts). Everything else
// takes getDb(), the primary: the account and sign-up pages' facts (what an agent acts
// on, and what they check right after acting), the emails panel, staff and sources
// (pages where admins act), "Recently opened" (the agent's own views a moment ago), the
// platform's endpoints and the health check. Audit entries are always written to the
// primary, even by a read that went to the replica.
import { getDb, getReplicaDb } from "@/lib/db/client";
import { planOnce } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { lagTolerantDb } from "@/lib/db/read-routing";
import type { StaffContext } from "@/lib/auth/current-staff";
import type { RequestMeta } from "@/lib/http/client-address";
import type { TimelineQuery } from "./accounts/timeline";
import * as accounts from "./accounts/get-account-view";
import { countAuditEntriesUpTo, listAuditEntries as listAuditEntriesWith } from "./audit/list-audit-entries";
import { countFlags as countFlagsWith, listTeammatePermissions as listTeammatePermissionsWith } from "./audit/permissions/list";
import { listCaughtEmails as listCaughtEmailsWith } from "./demo-mailbox/list-caught-emails";
import { listOutboxEmails as listOutboxEmailsWith } from "./outbox/list-outbox-emails";
import { getOverview as getOverviewWith } from "./overview/get-overview";
import { listRecentlyOpened } from "./recent/recently-opened";
import { searchCustomersAudited, type AuditedSearchOptions } from "./search/search-customers-audited";
import { listSources as listSourcesWith } from "./sources/list-sources";
import { listStaff as listStaffWith } from "./staff/list-staff";
import { listPersonalTokens as listPersonalTokensWith } from "./staff/list-personal-tokens";
import type { AuditLogQuery } from "@/lib/validation/audit-log";
import type { PermissionsFilter, PermissionsQuery } from "@/lib/validation/permissions-audit";
import { readinessProbe } from "./health";
import { webReadiness } from "@/lib/health/readiness";
import { isDraining } from "@/lib/http/lifecycle";
import { cache } from "react";

export { isMailCatcherOn } from "./demo-mailbox/list-caught-emails";

export const getOverview = () => getOverviewWith(getDb());
export const findCustomers = async (query: string, searcher: StaffContext, meta: RequestMeta, options?: Omit<AuditedSearchOptions, "readDb">) =>
  searchCustomersAudited(getDb(), query, searcher, meta, { ...options, readDb: await lagTolerantDb() });
/** The account page: facts and emails from the primary, the timeline from the replica when there is one (one statement without). */
export const getAccountView = async (accountId: number, viewer: StaffContext, meta: RequestMeta, timeline?: TimelineQuery, ticketRef?: string | null) =>
  accounts.getAccountView(getDb(), accountId, viewer, meta, timeline, await lagTolerantDb(), ticketRef ? { ticketRef } : {});
export const getSignUpView = (signUpId: number, viewer: StaffContext, meta: RequestMeta, ticketRef?: string | null) =>
  accounts.getSignUpView(getDb(), signUpId, viewer, meta, ticketRef ? { ticketRef } : {});
/** A timeline page on its own (the account page gets its own through getAccountView). */
export const getAccountTimeline = async (accountId: number, query: TimelineQuery) => accounts.getAccountTimeline(await lagTolerantDb(), accountId, query);
/** The home page's "Recently opened": this staff user's own account views. */
export const listRecentlyOpenedAccounts = (viewer: StaffContext) => listRecentlyOpened(getDb(), viewer.id);
/** The tab title's name for an account (no audit: the page view itself is audited). */
// Cached per request: the account page's metadata and its existence check share one lookup.
// A plain statement (prepared on a PostgreSQL server): it runs on every account page view.
export const getAccountLabel = cache(async (accountId: number): Promise<{ username: string; status: string } | null> => {
  const rows = await getDb().$queryRaw<{ username: string; status: string }[]>(
    planOnce(Prisma.sql`SELECT username, status::text AS status FROM accounts WHERE id = ${accountId}::int4`),
  );
  return rows[0] ?? null;
});
export const getSignUpLabel = (signUpId: number) => getDb().signUp.findUnique({ where: { id: signUpId }, select: { username: true } });
export const listOutboxEmails = (target: { accountId: number } | { signUpId: number }) => listOutboxEmailsWith(getDb(), target);
export const listCaughtEmails = (viewer: StaffContext, meta: RequestMeta) => listCaughtEmailsWith(getDb(), viewer, meta);
export const listStaff = () => listStaffWith(getDb());
export const listSources = () => listSourcesWith(getDb());
/** The settings page's personal access tokens: the viewer's own, or everyone's for admins. */
export const listPersonalTokens = (whose: { staffId: string } | "everyone") => listPersonalTokensWith(getDb(), whose);
export const listAuditEntries = async (query: AuditLogQuery) => listAuditEntriesWith(await lagTolerantDb(), query);
export const countAuditEntries = async (query: AuditLogQuery) => countAuditEntriesUpTo(await lagTolerantDb(), query);
export const countPermissionFlags = async (filter: PermissionsFilter) => countFlagsWith(await lagTolerantDb(), filter);
export const listTeammatePermissions = async (filter: PermissionsFilter, query: PermissionsQuery) =>
  listTeammatePermissionsWith(await lagTolerantDb(), filter, query);

/** For the health check: can this instance reach its database? */
export async function pingDatabase(): Promise<void> {
  await getDb().$queryRaw`SELECT 1::int AS ok`;
}

/** GET /api/health/ready: draining, database, migrations (lib/health/readiness.ts). */
export const webServerReadiness = () => webReadiness(readinessProbe(getDb()), { draining: isDraining() });

/** For the health check: the read replica's state, or null when none is configured. */
export async function pingReadReplica(): Promise<"ok" | "unreachable" | null> {
  const replica = getReplicaDb();
  if (!replica) return null;
  return replica.$queryRaw`SELECT 1::int AS ok`.then(
    () => "ok" as const,
    () => "unreachable" as const,
  );
}
