// Billing steps: paid and unpaid invoices on the platform's UTC calendar, termination
// in the last week of the month, and the at-risk state before it.
import type { Prisma } from "@/lib/generated/prisma/client";
import { addUtcMonths, lastWeekOfUtcMonth, startOfUtcMonth } from "@/lib/diagnosis/time";
import { after, ago, DAY, HOUR, MINUTE, minDate } from "./time";
import { int, pick } from "./kit-random";
import type { Ctx } from "./kit-account";

export async function addPlanInvoices(ctx: Ctx, months: number): Promise<void> {
  if (ctx.plan === "free" || ctx.plan === "subuser") return;
  await addPaidInvoices(ctx, months);
}

export async function addPaidInvoices(ctx: Ctx, months: number, options: { skipFromPeriod?: Date } = {}): Promise<void> {
  // Monthly bill run on the 1st for the previous month; paid by card the same day.
  const rows: Prisma.InvoiceCreateManyInput[] = [];
  for (let m = months; m >= 1; m--) {
    const period = addUtcMonths(ctx.now, -m);
    if (options.skipFromPeriod && period >= options.skipFromPeriod) continue;
    const issuedAt = after(addUtcMonths(ctx.now, -m + 1), 6 * HOUR);
    if (issuedAt > ctx.now) continue;
    rows.push({
      accountId: ctx.accountId,
      period,
      amountCents: pick(ctx.rng, [1995, 1995, 8995, 8995, 24900]),
      issuedAt,
      dueAt: after(issuedAt, 10 * DAY),
      paidAt: after(issuedAt, int(ctx.rng, 1, 30) * MINUTE),
    });
  }
  if (!rows.length) return;
  const created = await ctx.tx.invoice.createManyAndReturn({ data: rows, select: { id: true } });
  ctx.result.invoiceIds.push(...created.map((r) => r.id));
}

/**
 * The previous month's bill, unpaid, and the warnings sent about it up to `until`.
 * `billMonth` is the month whose bill run produced it (the invoice is for the month
 * before). Returns the invoice for the termination step.
 */
export async function addUnpaidInvoice(ctx: Ctx, billMonth: Date, until: Date): Promise<{ invoiceId: number; amountCents: number }> {
  const { now } = ctx;
  // Keep every event in the past even when `now` is early in the month.
  const issuedAt = minDate(after(startOfUtcMonth(billMonth), 6 * HOUR), ago(72 * HOUR, until));
  const dueAt = minDate(after(issuedAt, 10 * DAY), ago(48 * HOUR, until));
  const amountCents = 8995;
  const invoice = await ctx.tx.invoice.create({
    data: { accountId: ctx.accountId, period: addUtcMonths(billMonth, -1), amountCents, issuedAt, dueAt, paidAt: null },
    select: { id: true },
  });
  ctx.result.invoiceIds.push(invoice.id);
  const warnings: Prisma.BillingWarningCreateManyInput[] = [
    { accountId: ctx.accountId, invoiceId: invoice.id, kind: "PAYMENT_FAILED", sentTo: ctx.email, sentAt: after(issuedAt, 1 * HOUR) },
    { accountId: ctx.accountId, invoiceId: invoice.id, kind: "REMINDER", sentTo: ctx.email, sentAt: minDate(after(dueAt, 2 * DAY), ago(24 * HOUR, until)) },
    {
      accountId: ctx.accountId,
      invoiceId: invoice.id,
      kind: "FINAL_NOTICE",
      sentTo: ctx.email,
      sentAt: minDate(ago(3 * DAY, lastWeekOfUtcMonth(billMonth).start), ago(2 * HOUR, until)),
    },
  ];
  await ctx.tx.billingWarning.createMany({ data: warnings.filter((w) => new Date(w.sentAt) <= now) });
  return { invoiceId: invoice.id, amountCents };
}

/**
 * When the platform terminated (or would terminate) an account for the bill run of
 * `now`'s month: during that month's last week, or last month's if that week has not
 * come yet. Exported so tests can assert the same rule.
 */
export function terminationDate(now: Date): Date {
  const thisWeek = lastWeekOfUtcMonth(now).start;
  if (now.getTime() >= thisWeek.getTime() + 6 * HOUR) {
    return minDate(after(thisWeek, 30 * HOUR), ago(1 * HOUR, now));
  }
  return after(lastWeekOfUtcMonth(addUtcMonths(now, -1)).start, 30 * HOUR);
}

export async function applyTermination(ctx: Ctx): Promise<Date> {
  const terminatedAt = terminationDate(ctx.now);
  const billMonth = startOfUtcMonth(terminatedAt);
  await addPaidInvoices(ctx, 8, { skipFromPeriod: addUtcMonths(billMonth, -1) });
  const { invoiceId } = await addUnpaidInvoice(ctx, billMonth, terminatedAt);
  await ctx.tx.billingWarning.create({
    data: { accountId: ctx.accountId, invoiceId, kind: "TERMINATION_NOTICE", sentTo: ctx.email, sentAt: after(terminatedAt, 5 * MINUTE) },
  });
  await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { status: "TERMINATED", terminatedAt } });
  return terminatedAt;
}

export async function applyAtRisk(ctx: Ctx): Promise<void> {
  await addPaidInvoices(ctx, 8, { skipFromPeriod: addUtcMonths(ctx.now, -1) });
  await addUnpaidInvoice(ctx, startOfUtcMonth(ctx.now), ctx.now);
}
