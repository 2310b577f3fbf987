import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AccountPanels } from "@/components/account/account-panels";
import { DiagnosisPanel } from "@/components/account/diagnosis-panel";
import { utc } from "@/components/account/format";
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
import { getCurrentStaff, requireStaff } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/permissions";
import { getAccountLabel, getAccountView } from "@/lib/data/console-data";
import { accountTabTitle } from "@/lib/data/page-titles";
import { TIMELINE_CHANNELS, TIMELINE_KINDS } from "@/lib/data/accounts/timeline";
import { verdictStrip } from "@/lib/diagnosis/verdict-strip";
import { requestMeta } from "@/lib/http/client-address";
import { accountId } from "@/lib/validation/common";
import type { SearchParams } from "@/lib/validation/search-params";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // The title names the customer, so it is customer data: only for staff who may view
  // it (the page itself refuses and audits everyone else).
  const staff = await getCurrentStaff();
  const parsed = accountId.safeParse((await params).id);
  if (!staff || !can(staff.role, "account.view") || !parsed.success) return { title: "Account" };
  return { title: accountTabTitle(await getAccountLabel(parsed.data)) };
}

export default async function AccountPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("account.view", "page:/accounts/[id]");
  const parsed = accountId.safeParse((await params).id);
  if (!parsed.success) notFound();
  const query = await searchParams;
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const kind = TIMELINE_KINDS.find((k) => k === one(query.kind)) ?? null;
  const channel = TIMELINE_CHANNELS.find((c) => c === one(query.channel)) ?? null;
  const cursor = one(query.cursor);
  const view = await getAccountView(parsed.data, staff, requestMeta(await headers()), {
    ...(kind ? { kinds: [kind] } : {}),
    ...(channel ? { channel } : {}),
    ...(cursor ? { cursor } : {}),
  });
  if (!view) notFound();
  const { account } = view.subject;
  const { timeline, emails } = view;
  const strip = verdictStrip(view.diagnosis);
  const target = { accountId: account.id };
  return (
    <div className="flex flex-col gap-6">
      <BackToResults from={query.from} />
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{account.username}</h1>
        {account.loginMethod === "UNIFIED_LOGIN" ? <Badge tone="info">Unified login</Badge> : null}
        {account.parentId ? <Badge tone="neutral">Subuser</Badge> : null}
        <VerdictStrip
          strip={strip}
          action={
            strip?.action ? recoveryDialogFor(strip.action, view.diagnosis, target, account.email, { variant: "primary", testIdPrefix: "primary-" }) : null
          }
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
          <span className="whitespace-nowrap">created {utc(account.createdAt)}</span>
          <span aria-hidden="true">·</span>
          <span className="whitespace-nowrap">last login {utc(account.lastLoginAt)}</span>
        </p>
      </header>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <DiagnosisPanel diagnosis={view.diagnosis} sent={sentEmailsOf(emails)} />
        </div>
        <div className="flex flex-col gap-6">
          <RecoveryActions diagnosis={view.diagnosis} target={target} recipient={account.email} />
          <EmailsPanel
            emails={emails}
            retry={can(staff.role, "email.retry") ? (outboxId) => <RetryEmailButton outboxId={outboxId} action={retryEmailAction} /> : null}
          />
        </div>
      </div>
      <WatchLive accountId={account.id} />
      {/* Below the first screen: rendered when scrolled near (globals.css, render-when-visible). */}
      <div className="render-when-visible">
        <TimelinePanel basePath={`/accounts/${account.id}`} page={timeline} filter={{ kind, channel }} isFirstPage={!cursor} />
      </div>
      <div className="render-when-visible">
        <AccountPanels
          subject={view.subject}
          now={view.now}
          teammatesAuditHref={can(staff.role, "permissions_audit.read") ? `/audit/permissions?account=${account.id}` : null}
        />
      </div>
    </div>
  );
}
