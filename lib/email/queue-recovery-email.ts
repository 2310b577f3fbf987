import "server-only";
// The one path every recovery email takes into the outbox, inside its action's
// transaction: claim the idempotency key -> the guard (the diagnosis's verdict) -> the
// rate limits -> insert the row (a racing duplicate key resolves here) -> whatever else
// must commit with it (the reset token). Actions only say what differs: which guard,
// what the email carries, and what they answer.
import { done, refuse, type ActionOutcome, type AuditTarget, type Refusal } from "@/lib/model/action-outcome";
import type { Tx } from "@/lib/db/prisma";
import type { EmailKind } from "@/lib/generated/prisma/enums";
import { checkRecoveryRateLimits, claimIdempotencyKey, insertOutboxRow, type QueuedEmail, type RecoverySubject } from "./enqueue";
import type { OutboxPayload } from "./payload";

export const KEY_CONFLICT_MESSAGE =
  "This request's key was already used for a different email or by another staff user, so nothing was sent. Close the dialog and open it again.";

export interface RecoveryEmailRequest<P, R> {
  tx: Tx;
  actorId: string;
  now: Date;
  input: { idempotencyKey: string; ticketRef: string };
  kind: EmailKind;
  subject: RecoverySubject;
  /** The server's re-check of the customer's state: what it found, or why not. */
  guard: () => Promise<{ pass: P } | { refusal: Refusal }>;
  /** The email, always to the address on record (the input carries none). */
  compose: (pass: P) => { recipient: string; payload: OutboxPayload };
  /** Work that commits with the row (e.g. the reset token), and what it adds to the audit entry. */
  afterInsert?: (pass: P, outboxId: number) => Promise<AuditTarget["detail"]>;
  /** The action's answer, for a new email and for a repeated request (pass is null then). */
  answer: (email: QueuedEmail & { duplicate: boolean }, pass: P | null) => Promise<R> | R;
}

export async function queueRecoveryEmail<P, R>(request: RecoveryEmailRequest<P, R>): Promise<ActionOutcome<R>> {
  const { tx, actorId, now, input, kind, subject } = request;
  const conflict = () => refuse("CONFLICT", KEY_CONFLICT_MESSAGE, "IDEMPOTENCY_KEY_REUSED");
  // A double click or a retried POST answers with the first email, and sends nothing.
  const duplicate = async (email: QueuedEmail) =>
    done(await request.answer({ ...email, duplicate: true }, null), { detail: { outboxId: email.outboxId, duplicate: true } });

  const key = await claimIdempotencyKey(tx, actorId, kind, subject, input.idempotencyKey);
  if (key.state === "conflict") return conflict();
  if (key.state === "duplicate") return duplicate(key.email);

  const guard = await request.guard();
  if ("refusal" in guard) return guard.refusal;

  const limited = await checkRecoveryRateLimits(tx, subject, actorId, now);
  if (limited) {
    return refuse("RATE_LIMITED", limited.message, limited.code, { detail: { limit: limited.limit, nextAllowedAt: limited.nextAllowedAt.toISOString() } });
  }

  const { recipient, payload } = request.compose(guard.pass);
  const inserted = await insertOutboxRow(tx, {
    kind,
    subject,
    recipient,
    payload,
    actorId,
    ticketRef: input.ticketRef,
    idempotencyKey: input.idempotencyKey,
    now,
  });
  if (inserted.state === "conflict") return conflict();
  if (inserted.state === "duplicate") return duplicate(inserted.email);

  const extra = (await request.afterInsert?.(guard.pass, inserted.outboxId)) ?? {};
  const detail = typeof extra === "object" && extra !== null && !Array.isArray(extra) ? extra : {};
  return done(await request.answer({ outboxId: inserted.outboxId, recipient, status: "QUEUED", duplicate: false }, guard.pass), {
    detail: { outboxId: inserted.outboxId, ...detail },
  });
}
