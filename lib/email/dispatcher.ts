// The sending half of the transactional outbox. Actions write email_outbox rows in the
// same transaction as their audit entry; dispatchers (several processes at once in
// production, one in-process loop in embedded mode) claim due rows, render and send
// them, and record the outcome.
//
//   QUEUED --claim--> SENDING --sent--> SENT
//     ^                 |  \--error, attempts < max--> QUEUED (next_attempt_at = now + backoff)
//     |                 |   \-error, attempts = max--> FAILED
//     +---- lease expired (worker died between claim and result): claimable again
//
// Delivery is at least once: a worker that dies after the relay accepted a message but
// before it wrote SENT leaves the row to be sent again after the lease. The Message-ID
// is stable per row so that receivers which deduplicate on it see one message.
//
// Not server-only on purpose: `npm run worker` runs this in plain Node.
import { log } from "@/lib/log";
import { markLoopRan, metrics, recordJobSuccess } from "@/lib/metrics/metrics";
import { inSpan } from "@/lib/telemetry/span";
import type { Db } from "@/lib/db/prisma";
import type { EmailKind } from "@/lib/generated/prisma/enums";
import { exponentialBackoff, type Backoff } from "./backoff";
import { outboxPayload } from "./payload";
import { cancellationText } from "./link-cancel-reasons";
import { renderEmail } from "./templates/render-email";
import { emailFrom, type EmailTransport } from "./transport";

export interface DispatcherOptions {
  db: Db;
  transport: EmailTransport;
  /** Shows in logs, to tell workers apart. */
  workerId: string;
  /** Rows claimed (and sent in parallel) per round. Default 10. */
  batchSize?: number;
  /** Attempts before a row is FAILED. Default 8. */
  maxAttempts?: number;
  /** Delay before the next attempt, given the attempts made so far. */
  backoff?: Backoff;
  /**
   * How long a claim holds. A row still SENDING after this is taken to belong to a dead
   * worker and is claimed again. Must exceed the transport's longest send. Default 5 min.
   */
  leaseMs?: number;
  /**
   * Rows sent at once within a round. Default batchSize. The worker sets it to its relay
   * connections, so that the rows waiting for a connection wait here, where stop() can
   * hand them back, rather than inside the transport.
   */
  sendConcurrency?: number;
  /** Pause of the loop when there was nothing (or less than a batch) to do. Default 1 s. */
  pollIntervalMs?: number;
  /** The From header. Default EMAIL_FROM or "Support <support@platform.example>". */
  from?: string;
  /**
   * The clock, for tests. Without it every timestamp is the database's now(), the one
   * clock all workers share.
   */
  now?: () => Date;
}

export interface RoundResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Results not written because another worker had taken the row over meanwhile. */
  lost: number;
  /** Claimed, then handed back unsent because the dispatcher was stopping. */
  released: number;
}

export interface ClaimedRow {
  id: number;
  kind: EmailKind;
  recipient: string;
  payload: unknown;
  /** After this claim's increment: also the claim's fencing token. */
  attempts: number;
  createdAt: Date;
}

export interface Dispatcher {
  /** One round: claim up to batchSize due rows, send them, record each outcome. */
  runOnce(): Promise<RoundResult>;
  /** Polls until stop(). Safe to call twice. */
  start(): void;
  /**
   * Ends the loop after the round in flight: the sends already handed to the relay are
   * awaited, the claimed rows not yet sent are released (QUEUED again, their attempt not
   * counted) for the next worker, so no email is lost or sent twice by a shutdown.
   */
  stop(): Promise<void>;
}

const MAX_ERROR_LENGTH = 500;

/**
 * Claims due rows in one statement. SKIP LOCKED lets concurrent workers each take
 * different rows without waiting for one another; the attempts increment doubles as the
 * claim's fencing token (see markOutcome).
 */
export async function claimOutboxBatch(db: Db, options: { batchSize: number; leaseMs: number; now?: Date | null }): Promise<ClaimedRow[]> {
  const at = options.now ?? null;
  return db.$queryRaw<ClaimedRow[]>`
    UPDATE email_outbox
       SET status = 'SENDING', claimed_at = COALESCE(${at}::timestamptz, now()), attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM email_outbox
        WHERE (status = 'QUEUED' AND next_attempt_at <= COALESCE(${at}::timestamptz, now()))
           OR (status = 'SENDING'
               AND claimed_at < COALESCE(${at}::timestamptz, now()) - ${options.leaseMs}::int * interval '1 millisecond')
        ORDER BY next_attempt_at
        LIMIT ${options.batchSize}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, kind::text AS kind, recipient, payload, attempts, created_at AS "createdAt"`;
}

type Outcome =
  { status: "SENT"; messageId: string } | { status: "QUEUED"; error: string; delayMs: number } | { status: "FAILED"; error: string } | { status: "RELEASED" };

/**
 * Writes a result only if this claim still owns the row: status SENDING and the same
 * attempts count. A worker that overran its lease finds 0 rows and changes nothing.
 * SENT and FAILED both drop the sealed token (reset or confirmation): it is never needed again.
 */
async function markOutcome(db: Db, row: ClaimedRow, outcome: Outcome, at: Date | null): Promise<boolean> {
  let count: number;
  switch (outcome.status) {
    case "SENT":
      count = await db.$executeRaw`
        UPDATE email_outbox
           SET status = 'SENT', message_id = ${outcome.messageId}, sent_at = COALESCE(${at}::timestamptz, now()),
               payload = payload - 'sealedToken'
         WHERE id = ${row.id} AND status = 'SENDING' AND attempts = ${row.attempts}`;
      break;
    case "QUEUED":
      count = await db.$executeRaw`
        UPDATE email_outbox
           SET status = 'QUEUED', last_error = ${outcome.error},
               next_attempt_at = COALESCE(${at}::timestamptz, now()) + ${outcome.delayMs}::int * interval '1 millisecond'
         WHERE id = ${row.id} AND status = 'SENDING' AND attempts = ${row.attempts}`;
      break;
    case "RELEASED":
      // Undo the claim: the attempt never reached the relay, so it does not count.
      count = await db.$executeRaw`
        UPDATE email_outbox
           SET status = 'QUEUED', attempts = attempts - 1, claimed_at = NULL
         WHERE id = ${row.id} AND status = 'SENDING' AND attempts = ${row.attempts}`;
      break;
    case "FAILED":
      count = await db.$executeRaw`
        UPDATE email_outbox
           SET status = 'FAILED', last_error = ${outcome.error}, payload = payload - 'sealedToken'
         WHERE id = ${row.id} AND status = 'SENDING' AND attempts = ${row.attempts}`;
      break;
  }
  return count === 1;
}

/** An SMTP error as a line fit for the database and the console: no credentials, no token. */
export function describeSendError(error: unknown, secrets: string[] = []): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    command?: unknown;
    message?: unknown;
  };
  const parts = [e.code, e.responseCode, e.command].filter((p) => typeof p === "string" || typeof p === "number");
  const message = typeof e.message === "string" ? e.message : String(error);
  let text = [...parts.map(String), message].join(" ");
  for (const secret of secrets) if (secret) text = text.replaceAll(secret, "[redacted]");
  text = text.replace(/\/\/[^\s/@]*:[^\s/@]*@/g, "//[redacted]@").replace(/token=[^\s&"'<>]+/g, "token=[redacted]");
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

function messageIdDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, transport, workerId } = options;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? exponentialBackoff();
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const from = options.from ?? emailFrom();
  const domain = messageIdDomain(from);
  const clock = () => options.now?.() ?? null;
  const sendConcurrency = Math.max(1, options.sendConcurrency ?? batchSize);
  let stopping = false;
  const counters = metrics();

  async function decide(row: ClaimedRow): Promise<Outcome> {
    // A row claimed again after its last attempt's lease ran out: its worker died
    // mid-send, perhaps after the relay took it. Sending once more would exceed the
    // budget the operator set.
    if (row.attempts > maxAttempts) return { status: "FAILED", error: "lease expired during the last attempt" };
    const parsed = outboxPayload.safeParse(row.payload);
    if (!parsed.success) return { status: "FAILED", error: "payload does not match the outbox contract" };
    const payload = parsed.data;
    const secrets = "sealedToken" in payload ? [payload.sealedToken] : [];
    if (payload.kind === "PASSWORD_RESET" || payload.kind === "CONFIRMATION_RESEND") {
      // A newer email (or the customer using this link, or time) may have killed the
      // token while this row waited: sending a dead link would only confuse them.
      const select = { supersededAt: true, usedAt: true, expiresAt: true, cancelReason: true, cancelledAt: true } as const;
      const token =
        payload.kind === "PASSWORD_RESET"
          ? await db.passwordResetToken.findUnique({ where: { outboxId: row.id }, select })
          : await db.confirmationToken.findUnique({ where: { outboxId: row.id }, select });
      const what = payload.kind === "PASSWORD_RESET" ? "password reset" : "confirmation email";
      const now = clock() ?? new Date();
      if (!token) return { status: "FAILED", error: `no ${payload.kind === "PASSWORD_RESET" ? "reset" : "confirmation"} token is linked to this email` };
      if (token.cancelReason && token.cancelledAt) return { status: "FAILED", error: `not sent: ${cancellationText(token.cancelReason, token.cancelledAt)}` };
      if (token.supersededAt) return { status: "FAILED", error: `not sent: a newer ${what} replaced this link` };
      if (token.usedAt) return { status: "FAILED", error: "not sent: the link was already used" };
      if (token.expiresAt <= now) return { status: "FAILED", error: "not sent: the link expired before it could be delivered" };
    }
    let rendered;
    try {
      rendered = await renderEmail(row.kind, payload, row.recipient);
    } catch (error) {
      // Rendering is deterministic: a bad row or a token sealed with another secret
      // would fail the same way on every attempt.
      return { status: "FAILED", error: `cannot render: ${describeSendError(error, secrets)}` };
    }
    // Stopping: this row has not reached the relay yet, so it can go back whole.
    if (stopping) return { status: "RELEASED" };
    try {
      const info = await transport.sendMail({
        from,
        to: row.recipient,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: `<outbox-${row.id}.${row.createdAt.getTime()}@${domain}>`,
        headers: { "X-Outbox-Id": String(row.id) },
      });
      return { status: "SENT", messageId: info.messageId };
    } catch (error) {
      const description = describeSendError(error, secrets);
      if (row.attempts >= maxAttempts) return { status: "FAILED", error: description };
      return { status: "QUEUED", error: description, delayMs: Math.max(0, Math.round(backoff(row.attempts))) };
    }
  }

  async function runOnce(): Promise<RoundResult> {
    const rows = await claimOutboxBatch(db, { batchSize, leaseMs, now: clock() });
    const result: RoundResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0, lost: 0, released: 0 };
    const queue = [...rows];
    const lanes = Array.from({ length: Math.min(sendConcurrency, rows.length) }, async () => {
      // One span per email (no request above it: a root span of the worker's trace).
      for (let row = queue.shift(); row; row = queue.shift()) {
        const claimed = row;
        await inSpan("outbox send", { "console.outbox_id": claimed.id, "console.email_kind": claimed.kind, "console.attempt": claimed.attempts }, (span) =>
          handle(claimed, (status) => span.setAttribute("console.outcome", status)),
        );
      }
    });
    await Promise.all(lanes);
    return result;

    async function handle(row: ClaimedRow, noteOutcome: (status: string) => void): Promise<void> {
      const outcome = await decide(row);
      noteOutcome(outcome.status);
      let written: boolean;
      try {
        written = await markOutcome(db, row, outcome, clock());
      } catch (error) {
        // The row stays SENDING and is retried after the lease: a resend at worst.
        log.error("outbox: could not record the result", { workerId, outboxId: row.id, outcome: outcome.status, error });
        result.lost++;
        return;
      }
      if (!written) {
        log.warn("outbox: row taken over by another worker; result dropped", { workerId, outboxId: row.id, outcome: outcome.status });
        result.lost++;
        return;
      }
      const fields = { workerId, outboxId: row.id, kind: row.kind, attempts: row.attempts };
      if (outcome.status === "SENT") {
        result.sent++;
        counters.outboxSends.inc({ kind: row.kind, result: "sent" });
        counters.outboxLatency.observe({ kind: row.kind }, Math.max(0, ((clock() ?? new Date()).getTime() - row.createdAt.getTime()) / 1000));
        log.info("outbox: sent", { ...fields, messageId: outcome.messageId });
      } else if (outcome.status === "QUEUED") {
        result.retried++;
        counters.outboxSends.inc({ kind: row.kind, result: "retried" });
        log.warn("outbox: send failed, will retry", { ...fields, error: outcome.error, retryInMs: outcome.delayMs });
      } else if (outcome.status === "RELEASED") {
        result.released++;
        counters.outboxSends.inc({ kind: row.kind, result: "released" });
        log.info("outbox: released unsent at shutdown", fields);
      } else {
        result.failed++;
        counters.outboxSends.inc({ kind: row.kind, result: "failed" });
        log.error("outbox: gave up", { ...fields, error: outcome.error });
      }
    }
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  return {
    runOnce,
    start() {
      if (loop) return;
      running = true;
      stopping = false;
      loop = (async () => {
        while (running) {
          let claimed = 0;
          try {
            claimed = (await runOnce()).claimed;
            // A round that reached the database and back: the worker's readiness.
            markLoopRan();
            recordJobSuccess("outbox dispatcher");
          } catch (error) {
            // Database unreachable, say: keep polling, it may come back.
            log.error("outbox: round failed", { workerId, error });
          }
          // A full batch suggests more is due: go again at once.
          if (running && claimed < batchSize) await pause(pollIntervalMs);
        }
      })();
    },
    async stop() {
      running = false;
      stopping = true;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
