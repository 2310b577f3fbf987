import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { EmailStatusDto } from "@/lib/model/emails";
import { RESET_NOT_RETRYABLE } from "@/lib/validation/recovery";
import type { TimeFormat } from "./format";
import { LinkStatus } from "./link-status";

const KIND: Record<EmailStatusDto["kind"], string> = {
  PASSWORD_RESET: "Password reset",
  USERNAME_RECOVERY: "Username reminder",
  CONFIRMATION_RESEND: "Confirmation",
};

function status(email: EmailStatusDto, times: TimeFormat): { label: string; tone: BadgeTone; detail: string | null } {
  switch (email.status) {
    case "SENT":
      return { label: "Sent", tone: "success", detail: `delivered to the relay ${times.at(email.sentAt)}` };
    case "FAILED":
      return { label: "Failed", tone: "danger", detail: `after ${email.attempts} attempts: ${email.lastError ?? "unknown error"}` };
    case "SENDING":
      return { label: "Sending", tone: "info", detail: null };
    case "QUEUED":
      return email.attempts > 0
        ? { label: "Retrying", tone: "warning", detail: `next attempt ${times.at(email.nextAttemptAt)}; last error: ${email.lastError ?? "unknown"}` }
        : { label: "Queued", tone: "info", detail: null };
  }
}

/** The customer emails support sent, with their delivery state; leads may retry failures. */
export function EmailsPanel({ emails, retry, times }: { emails: EmailStatusDto[]; retry: ((outboxId: number) => ReactNode) | null; times: TimeFormat }) {
  return (
    <Card title="Emails sent by support">
      {emails.length === 0 ? (
        <p className="text-sm text-slate-600">None yet.</p>
      ) : (
        <ul className="flex flex-col gap-3 text-sm" data-testid="emails">
          {emails.map((email) => {
            const s = status(email, times);
            return (
              <li key={email.id} className="flex flex-col gap-1" data-testid="email" data-status={email.status}>
                <span className="flex flex-wrap items-center gap-2">
                  <strong>{KIND[email.kind]}</strong>
                  <Badge tone={s.tone}>{s.label}</Badge>
                  <span className="text-slate-600">to {email.recipient}</span>
                </span>
                <span className="text-slate-700">
                  Asked by {email.requestedBy} {times.at(email.createdAt)}
                  {email.ticketRef ? ` · ticket ${email.ticketRef}` : ""}
                  {s.detail ? ` · ${s.detail}` : ""}
                </span>
                {email.link ? <LinkStatus link={email.link} times={times} /> : null}
                {email.status === "FAILED" && retry ? (
                  email.kind === "PASSWORD_RESET" ? (
                    <span className="text-slate-700" data-testid="reset-not-retryable">
                      {RESET_NOT_RETRYABLE}
                    </span>
                  ) : (
                    retry(email.id)
                  )
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
