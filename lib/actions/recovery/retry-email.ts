"use server";
// A lead puts a FAILED email back in the queue for the dispatcher's next pass. The
// attempts count is kept (the retry policy still sees the history). The guards run
// again: an account banned since the request gets nothing. Password resets are not
// retried at all (see below): a new reset is the way.
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { formatUtc } from "@/lib/diagnosis/time";
import { RESET_NOT_RETRYABLE, retryEmailInput, type RetryEmailResult } from "@/lib/validation/recovery";
import { guardAccountEmail, guardSignUpEmail } from "./guards";

const STATUS_REFUSALS = {
  QUEUED: "This email is already queued: the dispatcher will send it on its next pass.",
  SENDING: "This email is being sent right now: wait for the result before retrying.",
} as const;

export const retryEmailAction = defineAction({
  name: "email.retry",
  permission: "email.retry",
  input: retryEmailInput,
  target: (i) => ({ ticketRef: i.ticketRef ?? null, detail: { outboxId: i.outboxId } }),
  async run({ tx, input, now }) {
    // Lock the row so a dispatcher (which claims with FOR UPDATE SKIP LOCKED) or a second
    // lead cannot change it between the check and the update.
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM email_outbox WHERE id = ${input.outboxId}::int4 FOR UPDATE`;
    if (locked.length === 0) return refuse("NOT_FOUND", "There is no email with this id in the outbox; reload the page.", "OUTBOX_NOT_FOUND");
    const row = await tx.emailOutbox.findUniqueOrThrow({
      where: { id: input.outboxId },
      select: { id: true, kind: true, status: true, accountId: true, signUpId: true, attempts: true, sentAt: true },
    });
    const audit = { targetAccountId: row.accountId, targetSignUpId: row.signUpId, detail: { outboxId: row.id, kind: row.kind, status: row.status } };
    if (row.status === "SENT") {
      const when = row.sentAt ? ` on ${formatUtc(row.sentAt)}` : "";
      return refuse("REFUSED", `This email was sent${when}: there is nothing to retry. Send a new one if the customer did not get it.`, "NOT_FAILED", audit);
    }
    if (row.status !== "FAILED") return refuse("REFUSED", STATUS_REFUSALS[row.status], "NOT_FAILED", audit);

    // A failed reset cannot be sent again: the dispatcher drops the sealed token when an
    // email fails (a raw token must not wait in the database for nobody), and the link
    // cannot be rebuilt from the hash. Re-queuing it would only fail again, so the lead
    // is told to send a new reset, which issues a fresh link and retires this one.
    if (row.kind === "PASSWORD_RESET") {
      return refuse("REFUSED", RESET_NOT_RETRYABLE, "RESET_NOT_RETRYABLE", audit);
    }
    // The customer's state may have changed since the request (a ban, a termination).
    const guard =
      row.accountId !== null
        ? await guardAccountEmail(tx, row.accountId, "send_username_recovery", now)
        : row.signUpId !== null
          ? await guardSignUpEmail(tx, row.signUpId, now)
          : null;
    if (guard && "refusal" in guard) {
      const refusal = guard.refusal;
      return "refuse" in refusal ? refuse(refusal.refuse.code, refusal.refuse.message, refusal.refuse.reason, audit) : refusal;
    }

    const updated = await tx.emailOutbox.update({
      where: { id: row.id },
      data: { status: "QUEUED", nextAttemptAt: now, claimedAt: null },
      select: { id: true, attempts: true, nextAttemptAt: true },
    });
    return done<RetryEmailResult>(
      { outboxId: updated.id, status: "QUEUED", nextAttemptAt: updated.nextAttemptAt.toISOString(), attempts: updated.attempts },
      audit,
    );
  },
});
