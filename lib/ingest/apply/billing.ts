// Billing: invoices issued (or replayed) and paid, and the warnings the platform sent
// about them. One invoice per account and month.
import { allVersions, asJson, newerFields } from "@/lib/ingest/records";
import {
  APPLIED,
  SUPERSEDED,
  Rejection,
  existingChild,
  inAccount,
  isOutcome,
  upper,
  type HandlerContext,
  type Handlers,
  type Of,
  type Outcome,
} from "./handler";

/** First day of a "YYYY-MM" month, as the invoices table stores periods. */
function periodDate(period: string): Date {
  return new Date(`${period}-01T00:00:00.000Z`);
}

const OTHER_ACCOUNT = "data.invoice_id: this invoice belongs to another account";

async function invoiceIssued(ctx: HandlerContext, event: Of<"invoice.issued">): Promise<Outcome> {
  const { account_id, invoice_id, ...state } = event.data;
  const scope = await inAccount(ctx, account_id);
  if (isOutcome(scope)) return scope;
  const { accountId } = scope;
  const existing = await existingChild(ctx, "invoice", invoice_id, accountId, "data.invoice_id: this invoice id already belongs to another account");
  if (existing) {
    const { fields, versions } = newerFields(existing.versions, event.version, state);
    if (!Object.keys(fields).length) return SUPERSEDED;
    await ctx.tx.invoice.update({
      where: { id: existing.id },
      data: {
        ...(fields.period !== undefined ? { period: periodDate(fields.period) } : {}),
        ...(fields.amount_cents !== undefined ? { amountCents: fields.amount_cents } : {}),
        ...(fields.currency !== undefined ? { currency: fields.currency } : {}),
        ...(fields.due_at !== undefined ? { dueAt: new Date(fields.due_at) } : {}),
        sourceVersions: asJson(versions),
      },
    });
    return APPLIED;
  }
  const clash = await ctx.tx.invoice.findFirst({ where: { accountId, period: periodDate(state.period) }, select: { id: true } });
  if (clash) throw new Rejection("data.period: the account already has an invoice for this month (one invoice per account and month)");
  await ctx.tx.invoice.create({
    data: {
      sourceId: ctx.sourceId,
      externalId: invoice_id,
      accountId,
      period: periodDate(state.period),
      amountCents: state.amount_cents,
      currency: state.currency,
      issuedAt: event.time,
      dueAt: new Date(state.due_at),
      sourceVersions: asJson(allVersions(["period", "amount_cents", "currency", "due_at"], event.version)),
    },
  });
  await ctx.release("invoice", invoice_id);
  return APPLIED;
}

async function invoicePaid(ctx: HandlerContext, event: Of<"invoice.paid">): Promise<Outcome> {
  const scope = await inAccount(ctx, event.data.account_id, { child: { kind: "invoice", externalId: event.data.invoice_id, otherAccount: OTHER_ACCOUNT } });
  if (isOutcome(scope)) return scope;
  // Paid once: the first payment's time stays.
  const updated = await ctx.tx.invoice.updateMany({
    where: { id: scope.child.id, OR: [{ paidAt: null }, { paidAt: { gt: event.time } }] },
    data: { paidAt: event.time },
  });
  return updated.count ? APPLIED : SUPERSEDED;
}

async function billingWarningSent(ctx: HandlerContext, event: Of<"billing.warning_sent">): Promise<Outcome> {
  const { data } = event;
  const scope = await inAccount(ctx, data.account_id, { child: { kind: "invoice", externalId: data.invoice_id, otherAccount: OTHER_ACCOUNT } });
  if (isOutcome(scope)) return scope;
  const { accountId, child: invoice } = scope;
  await ctx.tx.billingWarning.create({ data: { accountId, invoiceId: invoice?.id ?? null, kind: upper(data.kind), sentTo: data.sent_to, sentAt: event.time } });
  return APPLIED;
}

export const billingHandlers: Handlers<"invoice.issued" | "invoice.paid" | "billing.warning_sent"> = {
  "invoice.issued": invoiceIssued,
  "invoice.paid": invoicePaid,
  "billing.warning_sent": billingWarningSent,
};
