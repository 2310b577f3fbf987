"use server";
// Queues the sign-up confirmation email again, to the address the customer signed up
// with. Only for a sign-up that is still unconfirmed: once confirmed, the account exists
// and the agent works on it instead. Like a password reset, the link carries a fresh
// single-use token (only its hash is stored; the raw token travels sealed in the outbox
// payload) that the platform redeems with the console; sending it supersedes the older
// confirmation links of the sign-up.
import { defineAction } from "@/lib/actions/define-action";
import { queueRecoveryEmail } from "@/lib/email/queue-recovery-email";
import { recoveryLimits } from "@/lib/email/recovery-config";
import { hashToken, newResetToken, sealToken } from "@/lib/email/token";
import { resendConfirmationInput, type ResendConfirmationResult } from "@/lib/validation/recovery";
import { guardSignUpEmail } from "./guards";

export const resendConfirmationAction = defineAction({
  name: "recovery.resend_confirmation",
  permission: "recovery.resend_confirmation",
  input: resendConfirmationInput,
  target: (i) => ({ targetSignUpId: i.signUpId, ticketRef: i.ticketRef }),
  run: ({ tx, actor, input, now }) => {
    const raw = newResetToken();
    const expiresAt = new Date(now.getTime() + recoveryLimits().confirmationTokenTtlMs);
    return queueRecoveryEmail({
      tx,
      actorId: actor.id,
      now,
      input,
      kind: "CONFIRMATION_RESEND",
      subject: { signUpId: input.signUpId },
      guard: () => guardSignUpEmail(tx, input.signUpId, now),
      compose: (signUp) => ({
        recipient: signUp.email,
        payload: { kind: "CONFIRMATION_RESEND", username: signUp.username, sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
      }),
      async afterInsert(_signUp, outboxId) {
        const superseded = await tx.confirmationToken.updateMany({
          where: { signUpId: input.signUpId, usedAt: null, supersededAt: null },
          data: { supersededAt: now },
        });
        await tx.confirmationToken.create({
          data: { signUpId: input.signUpId, tokenHash: hashToken(raw), createdAt: now, expiresAt, outboxId, requestedById: actor.id },
          select: { id: true },
        });
        return { expiresAt: expiresAt.toISOString(), supersededTokens: superseded.count };
      },
      answer: (email): ResendConfirmationResult => email,
    });
  },
});
