import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache } from "react";
import { notFound } from "next/navigation";
import { AccountPanels } from "@/components/account/account-panels";
import { AccountPageShell } from "@/components/account/account-skeleton";
import { DiagnosisPanel } from "@/components/account/diagnosis-panel";
import { EmailsPanel } from "@/components/account/emails-panel";
import { PrimaryAction, RecoveryActions } from "@/components/account/recovery-actions";
import { ReplyBox } from "@/components/account/reply-box";
import { RetryEmailButton } from "@/components/account/retry-email-button";
import { SendStatus } from "@/components/account/send-status";
import { VerdictRow, WorkspaceColumns } from "@/components/account/subject-workspace";
import { TimelinePanel } from "@/components/account/timeline-panel";
import { WatchLive } from "@/components/account/watch-live";
import { VerdictStrip } from "@/components/account/verdict-strip";
import { ACCOUNT_SENDS, workspaceModel } from "@/components/account/workspace-model";
import { BackToResults } from "@/components/search/back-to-results";
import { Badge } from "@/components/ui/badge";
import { Link } from "@/components/ui/link";
import { CopyButton } from "@/components/ui/copy-button";
import { Truncated } from "@/components/ui/truncated";
import { retryEmailAction } from "@/lib/actions/recovery/retry-email";
import { getCurrentStaff, requireStaff, type StaffContext } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/permissions";
import { getAccountLabel, getAccountView } from "@/lib/data/console-data";
import { accountTabTitle } from "@/lib/data/page-titles";
import type { TimelineChannel, TimelineKind } from "@/lib/data/accounts/timeline";
import type { AccountView } from "@/lib/data/accounts/get-account-view";
import { verdictStrip } from "@/lib/diagnosis/verdict-strip";
import { recoveryLimits } from "@/lib/email/recovery-config";
import { requestMeta } from "@/lib/http/client-address";
import { accountId } from "@/lib/validation/common";
import { readInput } from "@/lib/validation/read-input";
import type { SearchParams } from "@/lib/validation/search-params";
import { accountPageParams } from "@/lib/validation/url-input";
import { TicketMemory } from "@/components/search/ticket-memory";
import { timeFormatOrUtc, type TimeFormat } from "@/lib/time/zone-time";

type PageProps = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };
/** The timeline filter and page the URL asks for (what it does not know is ignored). */
async function timelineQueryOf(searchParams: PageProps["searchParams"]) {
  const read = readInput(accountPageParams, await searchParams);
  return read.ok ? read.data : { kind: null, channel: null, cursor: null, from: undefined, ticket: null };
}

/**
 * The page's data, read (and its view audited) once per request: the tab title and the
 * page ask for the same view, and React's per-request cache hands both the one answer
 * (arguments are compared by value, hence the flat list).
 */
const viewOnce = cache(
  async (id: number, staffId: string, kind: TimelineKind | null, channel: TimelineChannel | null, cursor: string | null, ticket: string | null) => {
    const staff = await getCurrentStaff();
    if (!staff || staff.id !== staffId) return null;
    return getAccountView(
      id,
      staff,
      requestMeta(await headers()),
      { ...(kind ? { kinds: [kind] } : {}), ...(channel ? { channel } : {}), ...(cursor ? { cursor } : {}) },
      ticket,
    );
  },
);

export async function generateMetadata({ params, searchParams }: PageProps): Promise<Metadata> {
  // The title names the customer and the verdict, so it is customer data: only for staff
  // who may view it (the page itself refuses and audits everyone else). Next streams
  // the title, so waiting for the view here holds nothing back.
  const staff = await getCurrentStaff();
  const parsed = accountId.safeParse((await params).id);
  if (!staff || !can(staff.role, "account.view") || !parsed.success) return { title: "Account" };
  if (!(await getAccountLabel(parsed.data))) return { title: accountTabTitle(null) };
  const { kind, channel, cursor, ticket } = await timelineQueryOf(searchParams);
  const view = await viewOnce(parsed.data, staff.id, kind, channel, cursor, ticket);
  return { title: accountTabTitle(view ? { username: view.subject.account.username, verdict: verdictStrip(view.diagnosis)?.text ?? null } : null) };
}

export default async function AccountPage({ params, searchParams }: PageProps) {
  const staff = await requireStaff("account.view", "page:/accounts/[id]");
  const parsed = accountId.safeParse((await params).id);
  if (!parsed.success) notFound();
  // A primary-key lookup (shared with generateMetadata) before anything streams: a
  // missing account answers 404, not a 200 whose body later says "not found" (a
  // loading.tsx would flush the shell first). The heavy load below streams behind
  // skeletons instead.
  const label = await getAccountLabel(parsed.data);
  if (!label) notFound();
  const { from, kind, channel, cursor, ticket } = await timelineQueryOf(searchParams);
  // Started once, not awaited: both boundaries (and the title) read this one load.
  const view = viewOnce(parsed.data, staff.id, kind, channel, cursor, ticket);
  const props = { view, staff, times: timeFormatOrUtc(staff.timeZone), kind, channel, cursor };
  return (
    <div className="flex flex-col gap-6">
      <BackToResults from={from} />
      <TicketMemory />
      <AccountPageShell username={label.username} details={<AccountHeaderDetails {...props} />} body={<AccountBody {...props} />} />
    </div>
  );
}

interface SectionProps {
  view: Promise<AccountView | null>;
  staff: StaffContext;
  times: TimeFormat;
  kind: TimelineKind | null;
  channel: TimelineChannel | null;
  cursor: string | null;
}

/** The plan and the reply the header and the action column share (pure, from the one load). */
function modelOf(view: AccountView, times: TimeFormat) {
  return workspaceModel({
    diagnosis: view.diagnosis,
    replyDiagnosis: view.replyDiagnosis,
    emails: view.emails,
    sends: ACCOUNT_SENDS,
    hourlyLimit: recoveryLimits().perAccountHour,
    now: view.now,
    times,
  });
}

/**
 * The first screen under the name: badges, the verdict with the primary action that fits
 * it, the last send's live status, Watch live, the facts line and the one reply.
 */
async function AccountHeaderDetails({ view: pending, times }: SectionProps) {
  const view = await pending;
  // Gone between the existence check and the load (the status is already sent).
  if (!view) notFound();
  const { account } = view.subject;
  const strip = verdictStrip(view.diagnosis);
  const target = { accountId: account.id };
  const { plan, reply } = modelOf(view, times);
  const last = view.emails[0];
  return (
    <>
      {account.loginMethod === "UNIFIED_LOGIN" || account.parentId ? (
        <div className="flex flex-wrap gap-2">
          {account.loginMethod === "UNIFIED_LOGIN" ? <Badge tone="info">Unified login</Badge> : null}
          {account.parentId ? <Badge tone="neutral">Subuser</Badge> : null}
        </div>
      ) : null}
      <VerdictRow
        strip={
          <VerdictStrip
            strip={strip}
            action={<PrimaryAction plan={plan} diagnosis={view.diagnosis} target={target} recipient={account.email} replyText={reply.text} />}
          />
        }
        status={
          last ? (
            <SendStatus
              key={`${last.id}:${last.status}:${last.link?.state ?? "none"}`}
              initial={last}
              endpoint={`/api/accounts/${account.id}/emails/latest`}
              timeZone={times.zone}
            />
          ) : null
        }
        live={<WatchLive accountId={account.id} timeZone={times.zone} />}
      />
      {/* What an agent pastes elsewhere (id, email, username) has a copy button; the
          line wraps between facts, never inside an email. */}
      <p className="flex w-full flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600" data-testid="account-facts">
        <span className="inline-flex items-center whitespace-nowrap">
          Account {account.id}
          <CopyButton compact text={String(account.id)} label={`Copy account id ${account.id}`} />
        </span>
        <span aria-hidden="true">·</span>
        <Truncated value={account.email} copy="email" />
        <span aria-hidden="true">·</span>
        <span className="inline-flex items-center whitespace-nowrap">
          username {account.username}
          <CopyButton compact text={account.username} label={`Copy username ${account.username}`} />
        </span>
        <span aria-hidden="true">·</span>
        <span className="whitespace-nowrap">{account.plan} plan</span>
        <span aria-hidden="true">·</span>
        <span className="whitespace-nowrap">created {times.at(account.createdAt)}</span>
        <span aria-hidden="true">·</span>
        <span className="whitespace-nowrap">last login {times.at(account.lastLoginAt)}</span>
      </p>
      <ReplyBox reply={reply} times={times} />
    </>
  );
}

/** The story (diagnosis, timeline) beside the customer's context (actions, emails, panels). */
async function AccountBody({ view: pending, staff, times, kind, channel, cursor }: SectionProps) {
  const view = await pending;
  if (!view) notFound();
  const { account } = view.subject;
  const { timeline, emails } = view;
  const target = { accountId: account.id };
  const { plan } = modelOf(view, times);
  return (
    <WorkspaceColumns
      story={
        <>
          <DiagnosisPanel diagnosis={view.diagnosis} times={times} />
          {/* Below the first screen: rendered when scrolled near (globals.css, render-when-visible). */}
          <div className="render-when-visible">
            <TimelinePanel basePath={`/accounts/${account.id}`} page={timeline} filter={{ kind, channel }} isFirstPage={!cursor} times={times} />
          </div>
        </>
      }
      context={
        <>
          <RecoveryActions diagnosis={view.diagnosis} target={target} recipient={account.email} plan={plan} />
          <EmailsPanel
            emails={emails}
            times={times}
            retry={can(staff.role, "email.retry") ? (outboxId) => <RetryEmailButton outboxId={outboxId} action={retryEmailAction} /> : null}
          />
          <AccountPanels
            subject={view.subject}
            now={view.now}
            times={times}
            teammatesAuditHref={can(staff.role, "permissions_audit.read") ? `/audit/permissions?account=${account.id}` : null}
            sharedLogin={view.diagnosis.findings.some((f) => f.code === "SHARED_LOGIN")}
          />
          {can(staff.role, "audit.read") ? (
            <Link href={`/audit/log?account=${account.id}`} className="self-start text-sm font-medium text-blue-800 underline" data-testid="account-audit-link">
              Audit entries for this account
            </Link>
          ) : null}
        </>
      }
    />
  );
}
