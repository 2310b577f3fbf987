"use server";
// Reactivation is deliberately impossible from the console. This action exists so that
// a crafted request (or a future UI mistake) meets a clear, audited refusal for every
// role, admins included, instead of a missing endpoint.
import { z } from "zod";
import { defineAction, refuse } from "@/lib/actions/define-action";
import { accountId, ticketRef } from "@/lib/validation/common";

const input = z.object({ accountId, ticketRef: ticketRef.optional() });

export const reactivateAccountAction = defineAction({
  name: "account.reactivate",
  permission: "account.view",
  input,
  target: (i) => ({ targetAccountId: i.accountId, ticketRef: i.ticketRef ?? null }),
  async run({ tx, input: i }) {
    const account = await tx.account.findUnique({ where: { id: i.accountId }, select: { status: true } });
    if (!account) return refuse("NOT_FOUND", "No customer account has this id.", "NOT_FOUND", { targetAccountId: null });
    switch (account.status) {
      case "BANNED":
        return refuse(
          "REFUSED",
          "Banned accounts are cancelled permanently and support cannot reactivate them. The customer may reply to the email they received about the ban.",
          "BANNED_PERMANENT",
        );
      case "TERMINATED":
        return refuse(
          "REFUSED",
          "This account was terminated for an unpaid balance. Support cannot reactivate it: direct the customer to billing support.",
          "TERMINATED_BILLING",
        );
      case "ACTIVE":
        return refuse("REFUSED", "This account is active: there is nothing to reactivate.", "NOT_INACTIVE");
    }
  },
});
