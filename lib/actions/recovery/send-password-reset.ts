"use server";
// Queues a password-reset email to the address on record. In one transaction with its
// audit entry: the key, the guards (the diagnosis), the rate limits, the outbox row, the
// superseding of older links and the new token (only its hash is stored; the raw token
// travels sealed in the outbox payload until the dispatcher sends it).
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { claimIdempotencyKey, checkRecoveryRateLimits, insertOutboxRow, type QueuedEmail } from "@/lib/email/enqueue";
import { recoveryLimits } from "@/lib/email/recovery-config";
import { hashToken, newResetToken, sealToken } from "@/lib/email/token";
import { sendResetInput, type SendPasswordResetResult } from "@/lib/validation/recovery";
import { guardAccountEmail, KEY_CONFLICT_MESSAGE } from "./guards";

export const sendPasswordResetAction = defineAction({
  name: "recovery.send_password_reset",
  permission: "recovery.send_password_reset",
  input: sendResetInput,
  target: (i) => ({ targetAccountId: i.accountId, ticketRef: i.ticketRef }),
  async run({ tx, actor, input, now }) {
    const subject = { accountId: input.accountId };
    const integrationNames = async () =>
      (await tx.passwordIntegration.findMany({ where: { accountId: input.accountId }, orderBy: { id: "asc" }, select: { name: true } })).map((i) => i.name);
    const duplicate = async (email: QueuedEmail) =>
      done<SendPasswordResetResult>({ ...email, duplicate: true, integrations: await integrationNames() }, { detail: { outboxId: email.outboxId, duplicate: true } });

    const key = await claimIdempotencyKey(tx, actor.id, "PASSWORD_RESET", subject, input.idempotencyKey);
    if (key.state === "conflict") return refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
    if (key.state === "duplicate") return duplicate(key.email);

    const guard = await guardAccountEmail(tx, input.accountId, "send_password_reset", now);
    if ("refusal" in guard) return guard.refusal;
    const { account, integrations } = guard.pass;

    const limited = await checkRecoveryRateLimits(tx, subject, actor.id, now);
    if (limited) {
      return refuse("RATE_LIMITED", limited.message, limited.code, { detail: { limit: limited.limit, nextAllowedAt: limited.nextAllowedAt.toISOString() } });
    }

    const raw = newResetToken();
    const expiresAt = new Date(now.getTime() + recoveryLimits().resetTokenTtlMs);
    const inserted = await insertOutboxRow(tx, {
      kind: "PASSWORD_RESET",
      subject,
      // Always the address on record: the input carries none, so a caller cannot redirect the link.
      recipient: account.email,
      payload: { kind: "PASSWORD_RESET", username: account.username, sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
      actorId: actor.id,
      ticketRef: input.ticketRef,
      idempotencyKey: input.idempotencyKey,
      now,
    });
    if (inserted.state === "conflict") return refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
    if (inserted.state === "duplicate") return duplicate(inserted.email);

    // One working link at a time: an older, unused link stops working when a new one is sent.
    const superseded = await tx.passwordResetToken.updateMany({
      where: { accountId: account.id, usedAt: null, supersededAt: null },
      data: { supersededAt: now },
    });
    await tx.passwordResetToken.create({
      data: { accountId: account.id, tokenHash: hashToken(raw), createdAt: now, expiresAt, outboxId: inserted.outboxId, requestedById: actor.id },
      select: { id: true },
    });
    return done<SendPasswordResetResult>(
      { outboxId: inserted.outboxId, recipient: account.email, status: "QUEUED", duplicate: false, integrations },
      { detail: { outboxId: inserted.outboxId, expiresAt: expiresAt.toISOString(), supersededTokens: superseded.count } },
    );
  },
});
