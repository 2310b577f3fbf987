import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { DiagnosisPanel } from "@/components/account/diagnosis-panel";
import { EmailsPanel } from "@/components/account/emails-panel";
import { PrimaryAction, RecoveryActions } from "@/components/account/recovery-actions";
import { ReplyBox } from "@/components/account/reply-box";
import { RetryEmailButton } from "@/components/account/retry-email-button";
import { SendStatus } from "@/components/account/send-status";
import { VerdictRow, WorkspaceColumns, WorkspaceHeader } from "@/components/account/subject-workspace";
import { VerdictStrip } from "@/components/account/verdict-strip";
import { SIGN_UP_SENDS, workspaceModel } from "@/components/account/workspace-model";
import { BackToResults } from "@/components/search/back-to-results";
import { Card } from "@/components/ui/card";
import { Truncated } from "@/components/ui/truncated";
import { retryEmailAction } from "@/lib/actions/recovery/retry-email";
import { getCurrentStaff, requireStaff } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/permissions";
import { listOutboxEmails } from "@/lib/data/console-data";
import { getSignUpLabel, getSignUpView } from "@/lib/data/console-data";
import { signUpTabTitle } from "@/lib/data/page-titles";
import { verdictStrip } from "@/lib/diagnosis/verdict-strip";
import { recoveryLimits } from "@/lib/email/recovery-config";
import { requestMeta } from "@/lib/http/client-address";
import { signUpId } from "@/lib/validation/recovery";
import { readInput } from "@/lib/validation/read-input";
import type { SearchParams } from "@/lib/validation/search-params";
import { signUpPageParams } from "@/lib/validation/url-input";
import { TicketMemory } from "@/components/search/ticket-memory";
import { timeFormatOrUtc } from "@/lib/time/zone-time";

function pageParams(params: SearchParams): { from: string | undefined; ticket: string | null } {
  const read = readInput(signUpPageParams, params);
  return read.ok ? { from: read.data.from, ticket: read.data.ticket } : { from: undefined, ticket: null };
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // Customer data in the tab title: only for staff who may view it.
  const staff = await getCurrentStaff();
  const parsed = signUpId.safeParse((await params).id);
  if (!staff || !can(staff.role, "account.view") || !parsed.success) return { title: "Sign-up" };
  return { title: signUpTabTitle(await getSignUpLabel(parsed.data)) };
}

export default async function SignUpPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("account.view", "page:/signups/[id]");
  const parsed = signUpId.safeParse((await params).id);
  if (!parsed.success) notFound();
  const query = pageParams(await searchParams);
  const view = await getSignUpView(parsed.data, staff, requestMeta(await headers()), query.ticket);
  const times = timeFormatOrUtc(staff.timeZone);
  if (!view) notFound();
  const { signUp } = view.subject;
  const expired = signUp.confirmationExpiresAt < view.now;
  const emails = await listOutboxEmails({ signUpId: signUp.id });
  const strip = verdictStrip(view.diagnosis);
  const target = { signUpId: signUp.id };
  // The same workspace as the account page (issue #20 §7): verdict, primary, send status, reply.
  const { plan, reply } = workspaceModel({
    diagnosis: view.diagnosis,
    replyDiagnosis: view.replyDiagnosis,
    emails,
    sends: SIGN_UP_SENDS,
    hourlyLimit: recoveryLimits().perAccountHour,
    now: view.now,
    times,
  });
  const last = emails[0];
  return (
    <div className="flex flex-col gap-6">
      <BackToResults from={query.from} />
      <TicketMemory />
      <WorkspaceHeader title={<h1 className="text-2xl font-semibold">{signUp.username}</h1>}>
        <VerdictRow
          strip={
            <VerdictStrip
              strip={strip}
              action={<PrimaryAction plan={plan} diagnosis={view.diagnosis} target={target} recipient={signUp.email} replyText={reply.text} />}
            />
          }
          status={
            last ? (
              <SendStatus
                key={`${last.id}:${last.status}:${last.link?.state ?? "none"}`}
                initial={last}
                endpoint={`/api/signups/${signUp.id}/emails/latest`}
                timeZone={times.zone}
              />
            ) : null
          }
          live={null}
        />
        <p className="flex w-full flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
          <span className="whitespace-nowrap">Sign-up {signUp.id}</span>
          <span aria-hidden="true">·</span>
          <Truncated value={signUp.email} copy="email" />
          <span aria-hidden="true">·</span>
          <span>no account exists until the email is confirmed</span>
        </p>
        <ReplyBox reply={reply} times={times} />
      </WorkspaceHeader>
      <WorkspaceColumns
        story={<DiagnosisPanel diagnosis={view.diagnosis} times={times} />}
        context={
          <>
            <RecoveryActions diagnosis={view.diagnosis} target={target} recipient={signUp.email} plan={plan} />
            <EmailsPanel
              times={times}
              emails={emails}
              retry={can(staff.role, "email.retry") ? (outboxId) => <RetryEmailButton outboxId={outboxId} action={retryEmailAction} /> : null}
            />
            <Card title="Sign-up">
              <dl className="grid grid-cols-1 gap-3 text-sm">
                <div>
                  <dt className="text-slate-600">Signed up</dt>
                  <dd>
                    {times.at(signUp.createdAt)}
                    {signUp.ip ? ` from ${signUp.ip}` : ""}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Confirmation emails sent</dt>
                  <dd>
                    {signUp.confirmationsSent}, last {times.at(signUp.lastConfirmationSentAt)}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Confirmation link</dt>
                  <dd>{expired ? `expired ${times.at(signUp.confirmationExpiresAt)}` : `valid until ${times.at(signUp.confirmationExpiresAt)}`}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Confirmed</dt>
                  <dd>{signUp.confirmedAt ? times.at(signUp.confirmedAt) : "Not yet"}</dd>
                </div>
              </dl>
            </Card>
          </>
        }
      />
    </div>
  );
}
