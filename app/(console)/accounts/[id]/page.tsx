import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache } from "react";
import { notFound } from "next/navigation";
import { AccountPanels } from "@/components/account/account-panels";
import { AccountPageShell } from "@/components/account/account-skeleton";
import { DiagnosisPanel } from "@/components/account/diagnosis-panel";
import { EmailsPanel } from "@/components/account/emails-panel";
import { RecoveryActions, recoveryDialogFor } from "@/components/account/recovery-actions";
import { RetryEmailButton } from "@/components/account/retry-email-button";
import { TimelinePanel } from "@/components/account/timeline-panel";
import { WatchLive } from "@/components/account/watch-live";
import { VerdictStrip, sentEmailsOf } from "@/components/account/verdict-strip";
import { BackToResults } from "@/components/search/back-to-results";
import { Badge } from "@/components/ui/badge";
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
import { requestMeta } from "@/lib/http/client-address";
import { accountId } from "@/lib/validation/common";
import { readInput } from "@/lib/validation/read-input";
import type { SearchParams } from "@/lib/validation/search-params";
import { accountPageParams } from "@/lib/validation/url-input";
import { timeFormatOrUtc, type TimeFormat } from "@/lib/time/zone-time";

type PageProps = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };
/** The timeline filter and page the URL asks for (what it does not know is ignored). */
async function timelineQueryOf(searchParams: PageProps["searchParams"]) {
  const read = readInput(accountPageParams, await searchParams);
  return read.ok ? read.data : { kind: null, channel: null, cursor: null, from: undefined };
}

/**
 * The page's data, read (and its view audited) once per request: the tab title and the
 * page ask for the same view, and React's per-request cache hands both the one answer
 * (arguments are compared by value, hence the flat list).
 */
const viewOnce = cache(async (id: number, staffId: string, kind: TimelineKind | null, channel: TimelineChannel | null, cursor: string | null) => {
  const staff = await getCurrentStaff();
  if (!staff || staff.id !== staffId) return null;
  return getAccountView(id, staff, requestMeta(await headers()), {
    ...(kind ? { kinds: [kind] } : {}),
    ...(channel ? { channel } : {}),
    ...(cursor ? { cursor } : {}),
  });
});

export async function generateMetadata({ params, searchParams }: PageProps): Promise<Metadata> {
  // The title names the customer and the verdict, so it is customer data: only for staff
  // who may view it (the page itself refuses and audits everyone else). Next streams
  // the title, so waiting for the view here holds nothing back.
  const staff = await getCurrentStaff();
  const parsed = accountId.safeParse((await params).id);
  if (!staff || !can(staff.role, "account.view") || !parsed.success) return { title: "Account" };
  if (!(await getAccountLabel(parsed.data))) return { title: accountTabTitle(null) };
  const { kind, channel, cursor } = await timelineQueryOf(searchParams);
  const view = await viewOnce(parsed.data, staff.id, kind, channel, cursor);
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
  const { from, kind, channel, cursor } = await timelineQueryOf(searchParams);
  // Started once, not awaited: both boundaries (and the title) read this one load.
  const view = viewOnce(parsed.data, staff.id, kind, channel, cursor);
  const props = { view, staff, times: timeFormatOrUtc(staff.timeZone), kind, channel, cursor };
  return (
    <div className="flex flex-col gap-6">
      <BackToResults from={from} />
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

/** Badges, verdict strip and the facts line, beside the name. */
async function AccountHeaderDetails({ view: pending, times }: SectionProps) {
  const view = await pending;
  // Gone between the existence check and the load (the status is already sent).
  if (!view) notFound();
  const { account } = view.subject;
  const strip = verdictStrip(view.diagnosis);
  const target = { accountId: account.id };
  return (
    <>
      {account.loginMethod === "UNIFIED_LOGIN" ? <Badge tone="info">Unified login</Badge> : null}
      {account.parentId ? <Badge tone="neutral">Subuser</Badge> : null}
      <VerdictStrip
        strip={strip}
        action={strip?.action ? recoveryDialogFor(strip.action, view.diagnosis, target, account.email, { variant: "primary", testIdPrefix: "primary-" }) : null}
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
    </>
  );
}

/** Diagnosis, actions, emails, live attempts, timeline and the account's panels. */
async function AccountBody({ view: pending, staff, times, kind, channel, cursor }: SectionProps) {
  const view = await pending;
  if (!view) notFound();
  const { account } = view.subject;
  const { timeline, emails } = view;
  const target = { accountId: account.id };
  return (
    <>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <DiagnosisPanel diagnosis={view.diagnosis} sent={sentEmailsOf(emails)} times={times} />
        </div>
        <div className="flex flex-col gap-6">
          <RecoveryActions diagnosis={view.diagnosis} target={target} recipient={account.email} />
          <EmailsPanel
            emails={emails}
            times={times}
            retry={can(staff.role, "email.retry") ? (outboxId) => <RetryEmailButton outboxId={outboxId} action={retryEmailAction} /> : null}
          />
        </div>
      </div>
      <WatchLive accountId={account.id} timeZone={times.zone} />
      {/* Below the first screen: rendered when scrolled near (globals.css, render-when-visible). */}
      <div className="render-when-visible">
        <TimelinePanel basePath={`/accounts/${account.id}`} page={timeline} filter={{ kind, channel }} isFirstPage={!cursor} times={times} />
      </div>
      <div className="render-when-visible">
        <AccountPanels
          subject={view.subject}
          now={view.now}
          times={times}
          teammatesAuditHref={can(staff.role, "permissions_audit.read") ? `/audit/permissions?account=${account.id}` : null}
        />
      </div>
    </>
  );
}
