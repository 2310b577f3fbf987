import { billingEvidence, invoiceList, totalDue, unpaidBefore, warningSummary, warningsFor } from "./billing-shared";
import { isParentBanned } from "./parent-banned";
import { accountRule } from "./rule";
import { formatUtcDate, isInLastWeekOfUtcMonth, terminationWindow, utcDaysPhrase } from "@/lib/diagnosis/time";

/**
 * Still active, but an invoice from a previous month's bill run is unpaid and overdue
 * (or billing has already warned about it): the platform terminates such accounts in
 * the last week of the month. Informational: it does not stop anyone signing in yet.
 */
export const atRiskNonpayment = accountRule("AT_RISK_NONPAYMENT", (subject, now, times) => {
  if (subject.account.status !== "ACTIVE" || subject.ban !== null || isParentBanned(subject)) return null;
  const warnedIds = new Set(subject.billingWarnings.map((w) => w.invoiceId));
  const atRisk = unpaidBefore(subject, now).filter((inv) => inv.dueAt.getTime() <= now.getTime() || warnedIds.has(inv.id));
  if (atRisk.length === 0) return null;

  const warnings = warningsFor(subject, atRisk);
  const window = terminationWindow(now);
  const deadline = isInLastWeekOfUtcMonth(now) ? "as soon as possible" : `before ${formatUtcDate(window.start)}`;
  const whenText = isInLastWeekOfUtcMonth(now)
    ? `any day from now until ${formatUtcDate(new Date(window.end.getTime() - 1))} (the last week of this month, UTC)`
    : `${utcDaysPhrase(window)} (the last week of this month, UTC)`;

  return {
    code: "AT_RISK_NONPAYMENT",
    severity: "informational",
    verdict: `Can sign in · at risk: ${totalDue(atRisk)} unpaid`,
    title: `At risk: ${totalDue(atRisk)} unpaid; termination ${utcDaysPhrase(window)} unless paid`,
    explanation:
      `Unpaid from a previous bill run: ${invoiceList(atRisk)}; ${warningSummary(warnings, times)}. ` +
      `Unless it is paid, billing will terminate the account ${whenText}; it can still sign in until then.`,
    evidence: billingEvidence(atRisk, warnings, times),
    nextSteps: [
      `Tell the customer the balance (${totalDue(atRisk)}) and the date: paying ${deadline} avoids termination.`,
      "If their payment keeps failing, hand the ticket to billing support.",
    ],
    actions: {},
    customerReply:
      `A balance of ${totalDue(atRisk)} from a previous invoice is still unpaid. To keep your account open, please settle it ` +
      `${deadline}; if your payment is not going through, our billing team can help.`,
  };
});
