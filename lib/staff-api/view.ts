// The account and sign-up pages' data as the staff API answers it: the same diagnosis
// (lib/diagnosis), verdict strip and emails panel data, in the shapes of
// lib/validation/staff-api.ts. Plain mapping, no database.
import type { z } from "zod";
import type { AccountView, SignUpView } from "@/lib/data/accounts/get-account-view";
import { verdictStrip } from "@/lib/diagnosis/verdict-strip";
import type { ActionName, Diagnosis } from "@/lib/diagnosis/types";
import type { EmailStatusDto } from "@/lib/model/emails";
import type { accountResponse, signUpResponse } from "@/lib/validation/staff-api";

/** The API's names for the console's actions (the recovery endpoints' path segments, underscored). */
export const API_ACTION_NAMES = {
  send_password_reset: "password_reset",
  send_username_recovery: "username_reminder",
  resend_confirmation: "confirmation_resend",
  reactivate_account: "reactivate_account",
} as const satisfies Record<ActionName, string>;

const ACTION_LABELS: Record<ActionName, string> = {
  send_password_reset: "Send a password reset",
  send_username_recovery: "Send a username reminder",
  resend_confirmation: "Resend the confirmation email",
  reactivate_account: "Reactivate the account",
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function linkOf(email: EmailStatusDto) {
  const link = email.link;
  if (!link) return null;
  return { state: link.state, expiresAt: link.state === "open" ? link.expiresAt.toISOString() : null };
}

function emailsOf(emails: readonly EmailStatusDto[]) {
  return emails.map((e) => ({
    id: e.id,
    kind: e.kind,
    status: e.status,
    createdAt: e.createdAt.toISOString(),
    sentAt: iso(e.sentAt),
    ticketRef: e.ticketRef,
    link: linkOf(e),
  }));
}

function diagnosisOf(diagnosis: Diagnosis) {
  const strip = verdictStrip(diagnosis);
  const top = diagnosis.findings[0];
  const recommended = [];
  const refused = [];
  for (const [name, verdict] of Object.entries(diagnosis.actions) as [ActionName, Diagnosis["actions"][ActionName]][]) {
    if (verdict.allowed && verdict.recommended) recommended.push({ action: API_ACTION_NAMES[name], label: ACTION_LABELS[name] });
    if (!verdict.allowed) refused.push({ action: API_ACTION_NAMES[name], reason: verdict.reason });
  }
  return {
    verdict: {
      tone: strip?.tone ?? "neutral",
      label: strip?.text ?? "No problem found",
      sentence: top?.explanation ?? "Nothing in the account's records explains a sign-in problem.",
    },
    findings: diagnosis.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      title: f.title,
      explanation: f.explanation,
      evidence: f.evidence.map((e) => ({ label: e.label, at: iso(e.at) })),
      nextSteps: [...f.nextSteps],
    })),
    actions: { recommended, refused },
    // The page's composed reply; without one, the top finding's own.
    reply: diagnosis.customerReply || top?.customerReply || "",
  };
}

export function accountAnswer(view: AccountView): z.input<typeof accountResponse> {
  const { account } = view.subject;
  const reset = view.diagnosis.actions.send_password_reset;
  const live = view.emails.find((e) => e.link?.state === "open");
  return {
    account: {
      id: account.id,
      username: account.username,
      email: account.email,
      status: account.status,
      loginMethod: account.loginMethod,
      createdAt: account.createdAt.toISOString(),
      lastLoginAt: iso(account.lastLoginAt),
      parentId: account.parentId,
    },
    ...diagnosisOf(view.diagnosis),
    warnings: {
      integrationsThatBreak: reset.allowed && reset.warning ? reset.warning.integrations.map((i) => i.name) : [],
      liveLink: live?.link?.state === "open" ? { kind: live.kind, sentAt: iso(live.sentAt), expiresAt: live.link.expiresAt.toISOString() } : null,
    },
    emails: emailsOf(view.emails),
  };
}

export function signUpAnswer(view: SignUpView, emails: readonly EmailStatusDto[]): z.input<typeof signUpResponse> {
  const { signUp } = view.subject;
  return {
    signUp: { id: signUp.id, username: signUp.username, email: signUp.email, createdAt: signUp.createdAt.toISOString(), confirmedAt: iso(signUp.confirmedAt) },
    ...diagnosisOf(view.diagnosis),
    emails: emailsOf(emails),
  };
}
