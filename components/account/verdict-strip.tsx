import type { ReactNode } from "react";
import type { EmailStatusDto } from "@/lib/model/emails";
import type { SentEmail } from "@/lib/diagnosis/replies";
import type { ActionName } from "@/lib/diagnosis/types";
import type { VerdictStrip as Strip } from "@/lib/diagnosis/verdict-strip";
import { cx } from "@/lib/cx";
import { VERDICT_TONES } from "./verdict-tones";

const SEVERITY_WORD: Record<Strip["severity"], string> = { blocking: "Blocking", likely: "Likely cause", informational: "Information" };

/**
 * The header's answer in five seconds: why this customer cannot log in (the top
 * finding's verdict, coloured by severity) and, beside it, what to do (`action`: the
 * recommended send's button, or nothing when no send is allowed).
 */
export function VerdictStrip({ strip, action }: { strip: Strip | null; action: ReactNode }) {
  if (strip === null) return null;
  return (
    <div className="flex w-full flex-wrap items-center gap-3" data-testid="verdict-strip" data-code={strip.code} data-tone={strip.tone}>
      <p className={cx("rounded-md border px-3 py-1.5 text-base font-semibold", VERDICT_TONES[strip.tone])}>
        <span className="sr-only">{SEVERITY_WORD[strip.severity]}: </span>
        <a href={`#finding-${strip.code}`} className="underline-offset-2 hover:underline" data-testid="verdict-text">
          {strip.text}
        </a>
      </p>
      {action}
    </div>
  );
}

const KIND_TO_ACTION: Record<EmailStatusDto["kind"], ActionName> = {
  PASSWORD_RESET: "send_password_reset",
  USERNAME_RECOVERY: "send_username_recovery",
  CONFIRMATION_RESEND: "resend_confirmation",
};

/** The emails support sent, as the replies read them: a failed one was not sent. */
export function sentEmailsOf(emails: readonly EmailStatusDto[]): SentEmail[] {
  return emails.filter((e) => e.status !== "FAILED").map((e) => ({ action: KIND_TO_ACTION[e.kind], at: e.createdAt }));
}
