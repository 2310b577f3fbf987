import "server-only";
// GET /api/accounts/<id>/attempts/live: the server-sent events behind Watch live. The
// route authenticates (requireStaff, account.view) and hands over; here, in order:
// exact id (400) -> the account exists (404) -> a free stream slot (429 with a message
// the card shows: ./stream-limits.ts) -> audit once per watch session (a reconnect that
// carries a valid Last-Event-ID continues the session unaudited) -> stream. Events:
//   event: ready     {"endsAt": ISO}            the session has started or resumed
//   event: attempts  [LiveAttempt, ...]         new attempts, in insertion order
//   event: expired   {}                         the session is over: resume explicitly
//   event: ended     {"reason": "access"}       the staff member lost access (signed
//                                               out, session revoked or over, disabled,
//                                               role without account.view): do not retry
// plus a comment line every 15 s so proxies keep the connection open. The stream
// re-checks its staff member every WATCH_RECHECK_MS, as a new request would. The poll
// stops when the client goes away (request.signal / cancel), the session runs out or
// access is lost.
import type { StaffContext } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import { accountExists, openLiveCursor, pollLiveAttempts, type LiveCursor } from "@/lib/data/login-attempts/live";
import { requestMeta } from "@/lib/http/client-address";
import { onDrain, SHUTDOWN_RETRY_MS } from "@/lib/http/lifecycle";
import { metrics } from "@/lib/metrics/metrics";
import { log } from "@/lib/log";
import { accountId as accountIdSchema } from "@/lib/validation/common";
import { watchLiveStreams, type StreamLimiter } from "./stream-limits";
import { resumeSession, sessionEventId, WATCH_SESSION_MS } from "./watch-session";
import { config } from "@/lib/config";

/** Poll period: an attempt reaches the wire within this plus one query (target: 2 s). */
export const WATCH_POLL_MS = config().WATCH_LIVE_POLL_MS;
const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks its staff member (WATCH_LIVE_RECHECK_MS, for tests). */
export const WATCH_RECHECK_MS = config().WATCH_LIVE_RECHECK_MS;

export interface WatchOptions {
  /** The staff member as a new request would find them now, or null (no access). */
  recheck: () => Promise<StaffContext | null>;
  recheckMs?: number;
  limiter?: StreamLimiter;
}

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });
}

export async function watchAttempts(request: Request, staff: StaffContext, rawAccountId: string | undefined, options: WatchOptions): Promise<Response> {
  const parsed = accountIdSchema.safeParse(rawAccountId);
  if (!parsed.success) return problem(400, "Invalid account id: expected a positive whole number such as 4756.");
  const accountId = parsed.data;
  const db = getDb();
  if (!(await accountExists(db, accountId))) return problem(404, "No such account.");

  const slot = (options.limiter ?? watchLiveStreams()).acquire(staff.id);
  if (!slot.ok) return problem(429, slot.message, { "retry-after": "30" });

  const now = Date.now();
  const resumed = resumeSession(request.headers.get("last-event-id"), staff.id, accountId, now);
  const startedAt = resumed?.startedAt ?? now;
  let cursor: LiveCursor;
  try {
    if (!resumed) {
      await writeAudit(db, {
        actor: { id: staff.id, email: staff.email },
        action: "account.watch_live",
        outcome: "DONE",
        targetAccountId: accountId,
        detail: { minutes: WATCH_SESSION_MS / 60_000 },
        ...requestMeta(request.headers),
      });
    }
    cursor = await openLiveCursor(db, accountId, resumed?.floor);
  } catch (error) {
    slot.release();
    throw error;
  }
  const recheckMs = options.recheckMs ?? WATCH_RECHECK_MS;
  const endsAt = startedAt + WATCH_SESSION_MS;
  const encoder = new TextEncoder();
  let stop = () => undefined as void;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let poll: ReturnType<typeof setTimeout> | undefined;
      let recheck: ReturnType<typeof setTimeout> | undefined;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const event = (name: string, data: unknown) =>
        send(`id: ${sessionEventId(staff.id, accountId, startedAt, cursor.floor)}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      let undrain = () => undefined as unknown;
      stop = () => {
        if (closed) return;
        closed = true;
        undrain();
        metrics().liveStreams.dec();
        slot.release();
        clearInterval(heartbeat);
        clearTimeout(poll);
        clearTimeout(recheck);
        request.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // Already closed by the client's cancel.
        }
      };
      request.signal.addEventListener("abort", stop);
      metrics().liveStreams.inc();
      // This instance is shutting down: tell the browser to come back (to another instance,
      // through the load balancer) shortly, resuming the same session by its Last-Event-ID.
      undrain = onDrain(() => {
        send(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
        stop();
      });
      // Gone before the stream started: free the slot now, not when the session runs out.
      if (request.signal.aborted) {
        stop();
        return;
      }
      // The browser waits this long before reconnecting after a dropped connection.
      send(`retry: 1000\n\n`);
      event("ready", { endsAt: new Date(endsAt).toISOString() });
      const tick = async () => {
        if (closed) return;
        if (Date.now() >= endsAt) {
          event("expired", {});
          stop();
          return;
        }
        try {
          const attempts = await pollLiveAttempts(db, accountId, cursor);
          if (attempts.length) event("attempts", attempts);
        } catch (error) {
          // A failed poll (database restart) is retried at the next tick.
          log.warn("watch live: poll failed", { accountId, error });
        }
        if (!closed) poll = setTimeout(() => void tick(), WATCH_POLL_MS);
      };
      poll = setTimeout(() => void tick(), 0);
      // A stream outlives the request that checked access: revoked, disabled or demoted
      // staff stop seeing attempts within one interval, not when the session runs out.
      const recheckTick = async () => {
        if (closed) return;
        let stillAllowed = true;
        try {
          const current = await options.recheck();
          stillAllowed = current !== null && current.id === staff.id && can(current.role, "account.view");
        } catch (error) {
          // The database is unreachable: the poll fails too, so nothing is sent meanwhile.
          log.warn("watch live: re-check failed", { accountId, error });
        }
        if (!stillAllowed) {
          event("ended", { reason: "access" });
          stop();
          return;
        }
        if (!closed) recheck = setTimeout(() => void recheckTick(), recheckMs);
      };
      recheck = setTimeout(() => void recheckTick(), recheckMs);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      // nginx and similar proxies otherwise buffer the stream.
      "x-accel-buffering": "no",
    },
  });
}
