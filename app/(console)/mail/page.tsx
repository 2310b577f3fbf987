import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { requireStaff } from "@/lib/auth/current-staff";
import { isMailCatcherOn, listCaughtEmails } from "@/lib/data/console-data";
import { requestMeta } from "@/lib/http/client-address";
import { timeFormatOrUtc } from "@/lib/time/zone-time";

export const metadata: Metadata = { title: "Demo mailbox" };

/** What customers would have received, in demo mode, where no email leaves the machine. */
export default async function MailPage() {
  const staff = await requireStaff("account.view", "page:/mail");
  if (!isMailCatcherOn()) notFound();
  const emails = await listCaughtEmails(staff, requestMeta(await headers()));
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Demo mailbox</h1>
      <p className="text-sm text-slate-700">
        In demo mode customer emails go to a built-in SMTP catcher instead of the internet. Newest first. Reset and confirmation links are shown without their
        secret part, so nobody can use them from here.
      </p>
      {emails.length === 0 ? (
        <EmptyState title="No emails yet">Send a password reset or a username reminder from an account page.</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="mailbox">
          {emails.map((email) => (
            <li key={email.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <details>
                <summary className="cursor-pointer">
                  <span className="font-medium">{email.subject}</span>
                  <span className="ml-2 text-sm text-slate-600">
                    to {email.to} · {timeFormatOrUtc(staff.timeZone).at(email.receivedAt)}
                  </span>
                </summary>
                <pre className="mt-3 font-mono text-xs break-words whitespace-pre-wrap text-slate-800">{email.text ?? "(no text part)"}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
