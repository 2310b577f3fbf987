"use server";
// Queues the sign-up confirmation email again, to the address the customer signed up
// with. Only for a sign-up that is still unconfirmed: once confirmed, the account exists
// and the agent works on it instead.
import { defineAction } from "@/lib/actions/define-action";
import { queueRecoveryEmail } from "@/lib/email/queue-recovery-email";
import { resendConfirmationInput, type ResendConfirmationResult } from "@/lib/validation/recovery";
import { guardSignUpEmail } from "./guards";

export const resendConfirmationAction = defineAction({
  name: "recovery.resend_confirmation",
  permission: "recovery.resend_confirmation",
  input: resendConfirmationInput,
  target: (i) => ({ targetSignUpId: i.signUpId, ticketRef: i.ticketRef }),
  run: ({ tx, actor, input, now }) =>
    queueRecoveryEmail({
      tx,
      actorId: actor.id,
      now,
      input,
      kind: "CONFIRMATION_RESEND",
      subject: { signUpId: input.signUpId },
      guard: () => guardSignUpEmail(tx, input.signUpId, now),
      compose: (signUp) => ({ recipient: signUp.email, payload: { kind: "CONFIRMATION_RESEND", username: signUp.username } }),
      answer: (email): ResendConfirmationResult => email,
    }),
});
