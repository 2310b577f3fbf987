"use server";
// Queues a username reminder to the address on record, with the same guards, limits
// and idempotency as the password reset (see lib/email/enqueue.ts).
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { claimIdempotencyKey, checkRecoveryRateLimits, insertOutboxRow, type QueuedEmail } from "@/lib/email/enqueue";
import { sendUsernameRecoveryInput, type SendUsernameRecoveryResult } from "@/lib/validation/recovery";
import { guardAccountEmail, KEY_CONFLICT_MESSAGE } from "./guards";

export const sendUsernameRecoveryAction = defineAction({
  name: "recovery.send_username",
  permission: "recovery.send_username",
  input: sendUsernameRecoveryInput,
  target: (i) => ({ targetAccountId: i.accountId, ticketRef: i.ticketRef }),
  async run({ tx, actor, input, now }) {
    const subject = { accountId: input.accountId };
    const duplicate = (email: QueuedEmail) =>
      done<SendUsernameRecoveryResult>({ ...email, duplicate: true }, { detail: { outboxId: email.outboxId, duplicate: true } });

    const key = await claimIdempotencyKey(tx, actor.id, "USERNAME_RECOVERY", subject, input.idempotencyKey);
    if (key.state === "conflict") return refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
    if (key.state === "duplicate") return duplicate(key.email);

    const guard = await guardAccountEmail(tx, input.accountId, "send_username_recovery", now);
    if ("refusal" in guard) return guard.refusal;
    const { account } = guard.pass;

    const limited = await checkRecoveryRateLimits(tx, subject, actor.id, now);
    if (limited) {
      return refuse("RATE_LIMITED", limited.message, limited.code, { detail: { limit: limited.limit, nextAllowedAt: limited.nextAllowedAt.toISOString() } });
    }

    const inserted = await insertOutboxRow(tx, {
      kind: "USERNAME_RECOVERY",
      subject,
      recipient: account.email,
      payload: { kind: "USERNAME_RECOVERY", username: account.username },
      actorId: actor.id,
      ticketRef: input.ticketRef,
      idempotencyKey: input.idempotencyKey,
      now,
    });
    if (inserted.state === "conflict") return refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
    if (inserted.state === "duplicate") return duplicate(inserted.email);
    return done<SendUsernameRecoveryResult>(
      { outboxId: inserted.outboxId, recipient: account.email, status: "QUEUED", duplicate: false },
      { detail: { outboxId: inserted.outboxId } },
    );
  },
});
