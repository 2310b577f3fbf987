import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { DiagnosisPanel } from "@/components/account/diagnosis-panel";
import { EmailsPanel } from "@/components/account/emails-panel";
import { RecoveryActions, recoveryDialogFor } from "@/components/account/recovery-actions";
import { RetryEmailButton } from "@/components/account/retry-email-button";
import { VerdictStrip, sentEmailsOf } from "@/components/account/verdict-strip";
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
import { requestMeta } from "@/lib/http/client-address";
import { signUpId } from "@/lib/validation/recovery";
import { readInput } from "@/lib/validation/read-input";
import type { SearchParams } from "@/lib/validation/search-params";
import { signUpPageParams } from "@/lib/validation/url-input";
import { timeFormatOrUtc } from "@/lib/time/zone-time";

function backFrom(params: SearchParams): string | undefined {
  const read = readInput(signUpPageParams, params);
  return read.ok ? read.data.from : undefined;
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
  const view = await getSignUpView(parsed.data, staff, requestMeta(await headers()));
  const times = timeFormatOrUtc(staff.timeZone);
  if (!view) notFound();
  const { signUp } = view.subject;
  const expired = signUp.confirmationExpiresAt < view.now;
  const emails = await listOutboxEmails({ signUpId: signUp.id });
  const strip = verdictStrip(view.diagnosis);
  const target = { signUpId: signUp.id };
  return (
    <div className="flex flex-col gap-6">
      <BackToResults from={backFrom(await searchParams)} />
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{signUp.username}</h1>
        <VerdictStrip
          strip={strip}
          action={
            strip?.action ? recoveryDialogFor(strip.action, view.diagnosis, target, signUp.email, { variant: "primary", testIdPrefix: "primary-" }) : null
          }
        />
        <p className="flex w-full flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
          <span className="whitespace-nowrap">Sign-up {signUp.id}</span>
          <span aria-hidden="true">·</span>
          <Truncated value={signUp.email} copy="email" />
          <span aria-hidden="true">·</span>
          <span>no account exists until the email is confirmed</span>
        </p>
      </header>
      <Card title="Sign-up">
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
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
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <DiagnosisPanel diagnosis={view.diagnosis} sent={sentEmailsOf(emails)} times={times} />
        </div>
        <div className="flex flex-col gap-6">
          <RecoveryActions diagnosis={view.diagnosis} target={target} recipient={signUp.email} />
          <EmailsPanel
            times={times}
            emails={emails}
            retry={can(staff.role, "email.retry") ? (outboxId) => <RetryEmailButton outboxId={outboxId} action={retryEmailAction} /> : null}
          />
        </div>
      </div>
    </div>
  );
}
