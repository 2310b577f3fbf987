import { billingEvidence, invoiceList, totalDue, unpaidBefore, warningSummary, warningsFor } from "./billing-shared";
import { accountRule } from "./rule";
import { TERMINATED_VERDICT } from "@/lib/diagnosis/verdict-strip";

export const TERMINATED_REFUSAL =
  "The account is terminated for non-payment: neither a new password nor a username reminder gets the customer in. Billing support handles it.";

export const terminatedNonpayment = accountRule("TERMINATED_NONPAYMENT", (subject, now, times) => {
  const { account } = subject;
  if (account.status !== "TERMINATED") return null;

  // Unpaid invoices that predate the termination month (or now, if the date is missing).
  const unpaid = unpaidBefore(subject, account.terminatedAt ?? now);
  const warnings = warningsFor(subject, unpaid);
  const when = account.terminatedAt === null ? "on a date not on record" : `on ${times.at(account.terminatedAt)}`;
  const balance =
    unpaid.length === 0
      ? "No unpaid invoice is on record, which is unusual: ask billing support to confirm the cause."
      : `Unpaid: ${invoiceList(unpaid)}${unpaid.length > 1 ? `, ${totalDue(unpaid)} in all` : ""}; ${warningSummary(warnings, times)}.`;

  return {
    code: "TERMINATED_NONPAYMENT",
    severity: "blocking",
    verdict: TERMINATED_VERDICT,
    title: unpaid.length === 0 ? `Terminated ${when}` : `Terminated ${when} for an unpaid balance of ${totalDue(unpaid)}`,
    explanation: `Billing terminated the account ${when}. A terminated account cannot sign in or send mail. ${balance}`,
    evidence: [
      { label: `Account terminated ${when}`, at: account.terminatedAt, ref: { kind: "account", id: account.id } },
      ...billingEvidence(unpaid, warnings, times),
    ],
    nextSteps: [
      "Hand the ticket to billing support: once the balance is settled they can restore the account.",
      "Do not send a password reset or username reminder: they would not help while the account is terminated.",
    ],
    actions: {
      send_password_reset: { allowed: false, reason: TERMINATED_REFUSAL },
      send_username_recovery: { allowed: false, reason: TERMINATED_REFUSAL },
      reactivate_account: {
        allowed: false,
        reason: "Terminated for non-payment: billing support restores the account once the balance is paid; it is not a console action.",
      },
    },
    customerReply:
      `Your account was closed${account.terminatedAt === null ? "" : ` on ${times.date(account.terminatedAt)}`} ` +
      (unpaid.length === 0 ? "by our billing team" : `because ${totalDue(unpaid)} remained unpaid`) +
      ". While it is closed it cannot sign in or send email. I am passing your ticket to our billing team, " +
      "who can help you settle the balance and get the account back.",
  };
});
