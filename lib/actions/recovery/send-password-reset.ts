"use server";
// Queues a password-reset email to the address on record. In one transaction with its
// audit entry: the key, the guards (the diagnosis), the rate limits, the outbox row, the
// superseding of older links and the new token (only its hash is stored; the raw token
// travels sealed in the outbox payload until the dispatcher sends it).
import { defineAction } from "@/lib/actions/define-action";
import { queueRecoveryEmail } from "@/lib/email/queue-recovery-email";
import { recoveryLimits } from "@/lib/email/recovery-config";
import { hashToken, newResetToken, sealToken } from "@/lib/email/token";
import { sendResetInput, type SendPasswordResetResult } from "@/lib/validation/recovery";
import { guardAccountEmail } from "./guards";

export const sendPasswordResetAction = defineAction({
  name: "recovery.send_password_reset",
  permission: "recovery.send_password_reset",
  input: sendResetInput,
  target: (i) => ({ targetAccountId: i.accountId, ticketRef: i.ticketRef }),
  run: ({ tx, actor, input, now }) => {
    const raw = newResetToken();
    const expiresAt = new Date(now.getTime() + recoveryLimits().resetTokenTtlMs);
    return queueRecoveryEmail({
      tx,
      actorId: actor.id,
      now,
      input,
      kind: "PASSWORD_RESET",
      subject: { accountId: input.accountId },
      guard: () => guardAccountEmail(tx, input.accountId, "send_password_reset", now),
      compose: ({ account }) => ({
        recipient: account.email,
        payload: { kind: "PASSWORD_RESET", username: account.username, sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
      }),
      async afterInsert({ account }, outboxId) {
        // One working link at a time: an older, unused link stops working when a new one is sent.
        const superseded = await tx.passwordResetToken.updateMany({
          where: { accountId: account.id, usedAt: null, supersededAt: null },
          data: { supersededAt: now },
        });
        await tx.passwordResetToken.create({
          data: { accountId: account.id, tokenHash: hashToken(raw), createdAt: now, expiresAt, outboxId, requestedById: actor.id },
          select: { id: true },
        });
        return { expiresAt: expiresAt.toISOString(), supersededTokens: superseded.count };
      },
      // The integrations a new password breaks, for the dialog's warning (on a repeat too).
      answer: async (email, pass): Promise<SendPasswordResetResult> => ({
        ...email,
        integrations:
          pass?.integrations ??
          (
            await tx.passwordIntegration.findMany({ where: { accountId: input.accountId, removedAt: null }, orderBy: { id: "asc" }, select: { name: true } })
          ).map((i) => i.name),
      }),
    });
  },
});
