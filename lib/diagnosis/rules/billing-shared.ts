// Invoice and warning readers shared by the termination and at-risk rules.

import { formatMoney, plural } from "@/lib/diagnosis/facts";
import { formatUtcDate, formatUtcMonth, isBeforeCurrentMonth, type DiagnosisTimes } from "@/lib/diagnosis/time";
import type { AccountSubject, BillingWarningFacts, EvidenceItem, InvoiceFacts } from "@/lib/diagnosis/types";

/**
 * Unpaid invoices from months before `reference` (the month of termination, or now):
 * the platform terminates for the previous month's bill run, not the open month.
 */
export function unpaidBefore(subject: AccountSubject, reference: Date): InvoiceFacts[] {
  return subject.invoices
    .filter((inv) => inv.paidAt === null && isBeforeCurrentMonth(inv.period, reference))
    .sort((a, b) => a.period.getTime() - b.period.getTime());
}

/** Warnings about these invoices, plus unattached ones (the platform may not link them). */
export function warningsFor(subject: AccountSubject, invoices: readonly InvoiceFacts[]): BillingWarningFacts[] {
  const ids = new Set(invoices.map((i) => i.id));
  return subject.billingWarnings.filter((w) => w.invoiceId === null || ids.has(w.invoiceId)).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
}

/** "100.00 USD" or "100.00 USD + 20.00 EUR" when currencies differ. */
export function totalDue(invoices: readonly InvoiceFacts[]): string {
  const byCurrency = new Map<string, number>();
  for (const inv of invoices) byCurrency.set(inv.currency, (byCurrency.get(inv.currency) ?? 0) + inv.amountCents);
  return [...byCurrency].map(([currency, cents]) => formatMoney(cents, currency)).join(" + ");
}

export function invoiceList(invoices: readonly InvoiceFacts[]): string {
  return invoices.map((i) => `${formatUtcMonth(i.period)} (${formatMoney(i.amountCents, i.currency)}, due ${formatUtcDate(i.dueAt)})`).join(", ");
}

const WARNING_LABELS: Record<BillingWarningFacts["kind"], string> = {
  PAYMENT_FAILED: "payment failed",
  REMINDER: "reminder",
  FINAL_NOTICE: "final notice",
  TERMINATION_NOTICE: "termination notice",
};

export function warningSummary(warnings: readonly BillingWarningFacts[], times: DiagnosisTimes): string {
  if (warnings.length === 0) return "no warning emails on record";
  const list = warnings.map((w) => `${WARNING_LABELS[w.kind]} ${times.date(w.sentAt)}`).join(", ");
  return `${plural(warnings.length, "warning email")} sent (${list})`;
}

// Invoice months and due dates are the platform's UTC calendar, written as such; when
// a warning email went out is a moment, written in the reader's zone.
export function billingEvidence(invoices: readonly InvoiceFacts[], warnings: readonly BillingWarningFacts[], times: DiagnosisTimes): EvidenceItem[] {
  return [
    ...invoices.map((i) => ({
      label: `Invoice ${formatUtcMonth(i.period)}: ${formatMoney(i.amountCents, i.currency)}, issued ${formatUtcDate(i.issuedAt)}, due ${formatUtcDate(i.dueAt)}, unpaid`,
      at: i.dueAt,
      ref: { kind: "invoice" as const, id: i.id },
    })),
    ...warnings.map((w) => ({
      label: `Billing email "${WARNING_LABELS[w.kind]}" sent to ${w.sentTo} at ${times.at(w.sentAt)}`,
      at: w.sentAt,
      ref: { kind: "billing_warning" as const, id: w.id },
    })),
  ];
}
