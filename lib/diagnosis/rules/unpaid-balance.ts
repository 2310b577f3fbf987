import { billingEvidence, invoiceList, totalDue, warningSummary, warningsFor } from "./billing-shared";
import { isParentBanned } from "./parent-banned";
import { accountRule } from "./rule";

/**
 * A banned account that also owes money. The ban explains why nobody can sign in; the
 * balance still matters when the customer asks about a refund or receives a bill, so it
 * is shown after the ban instead of only in the billing card. (A terminated account's
 * balance is the termination finding itself; an active one's is AT_RISK_NONPAYMENT.)
 */
export const unpaidBalance = accountRule("UNPAID_BALANCE", (subject, _now, times) => {
  const banned = subject.account.status === "BANNED" || subject.ban !== null || isParentBanned(subject);
  if (!banned || subject.account.status === "TERMINATED") return null;
  const unpaid = subject.invoices.filter((inv) => inv.paidAt === null).sort((a, b) => a.period.getTime() - b.period.getTime());
  if (unpaid.length === 0) return null;
  const warnings = warningsFor(subject, unpaid);
  return {
    code: "UNPAID_BALANCE",
    severity: "informational",
    title: `Unpaid balance of ${totalDue(unpaid)} on the banned account`,
    verdict: `Unpaid balance ${totalDue(unpaid)}`,
    explanation:
      `Besides the ban, ${invoiceList(unpaid)} ${unpaid.length === 1 ? "is" : "are"} unpaid; ${warningSummary(warnings, times)}. ` +
      "It does not change what the customer can do (the ban does), but it matters if they ask about a refund, a bill or their balance.",
    evidence: billingEvidence(unpaid, warnings, times),
    nextSteps: ["If the customer asks about the balance, a bill or a refund, hand that part of the ticket to billing support."],
    actions: {},
    customerReply:
      `Our records also show an unpaid balance of ${totalDue(unpaid)} on the account. ` +
      "For any question about that balance or a refund, our billing team will help; I can pass your ticket to them.",
  };
});
