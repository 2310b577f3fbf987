"use server";
// Queues the sign-up confirmation email again, to the address the customer signed up
// with. Only for a sign-up that is still unconfirmed: once confirmed, the account exists
// and the agent works on it instead.
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { claimIdempotencyKey, checkRecoveryRateLimits, insertOutboxRow, type QueuedEmail } from "@/lib/email/enqueue";
import { resendConfirmationInput, type ResendConfirmationResult } from "@/lib/validation/recovery";
import { guardSignUpEmail, KEY_CONFLICT_MESSAGE } from "./guards";

export const resendConfirmationAction = defineAction({
  name: "recovery.resend_confirmation",
  permission: "recovery.resend_confirmation",
  input: resendConfirmationInput,
  target: (i) => ({ targetSignUpId: i.signUpId, ticketRef: i.ticketRef }),
  async run({ tx, actor, input, now }) {
    const subject = { signUpId: input.signUpId };
    const duplicate = (email: QueuedEmail) =>
      done<ResendConfirmationResult>({ ...email, duplicate: true }, { detail: { outboxId: email.outboxId, duplicate: true } });

    const key = await claimIdempotencyKey(tx, actor.id, "CONFIRMATION_RESEND", subject, input.idempotencyKey);
    if (key.state === "conflict") return refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
    if (key.state === "duplicate") return duplicate(key.email);

    const guard = await guardSignUpEmail(tx, input.signUpId, now);
    if ("refusal" in guard) return guard.refusal;
    const signUp = guard.pass;

    const limited = await checkRecoveryRateLimits(tx, subject, actor.id, now);
    if (limited) {
      return refuse("RATE_LIMITED", limited.message, limited.code, { detail: { limit: limited.limit, nextAllowedAt: limited.nextAllowedAt.toISOString() } });
    }

    const inserted = await insertOutboxRow(tx, {
      kind: "CONFIRMATION_RESEND",
      subject,
      recipient: signUp.email,
      payload: { kind: "CONFIRMATION_RESEND", username: signUp.username },
      actorId: actor.id,
      ticketRef: input.ticketRef,
      idempotencyKey: input.idempotencyKey,
      now,
    });
    if (inserted.state === "conflict") return refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
    if (inserted.state === "duplicate") return duplicate(inserted.email);
    return done<ResendConfirmationResult>(
      { outboxId: inserted.outboxId, recipient: signUp.email, status: "QUEUED", duplicate: false },
      { detail: { outboxId: inserted.outboxId } },
    );
  },
});
