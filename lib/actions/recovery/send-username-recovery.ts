"use server";
// Queues a username reminder to the address on record, with the same guards, limits
// and idempotency as every recovery email (lib/email/queue-recovery-email.ts).
import { defineAction } from "@/lib/actions/define-action";
import { queueRecoveryEmail } from "@/lib/email/queue-recovery-email";
import { sendUsernameRecoveryInput, type SendUsernameRecoveryResult } from "@/lib/validation/recovery";
import { guardAccountEmail } from "./guards";

export const sendUsernameRecoveryAction = defineAction({
  name: "recovery.send_username",
  permission: "recovery.send_username",
  input: sendUsernameRecoveryInput,
  target: (i) => ({ targetAccountId: i.accountId, ticketRef: i.ticketRef }),
  run: ({ tx, actor, input, now }) =>
    queueRecoveryEmail({
      tx,
      actorId: actor.id,
      now,
      input,
      kind: "USERNAME_RECOVERY",
      subject: { accountId: input.accountId },
      guard: () => guardAccountEmail(tx, input.accountId, "send_username_recovery", now),
      compose: ({ account }) => ({ recipient: account.email, payload: { kind: "USERNAME_RECOVERY", username: account.username } }),
      answer: (email): SendUsernameRecoveryResult => email,
    }),
});
