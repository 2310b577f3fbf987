// Which database errors are one event's fault and which mean the database is away.
// The distinction decides what a sender is told: a value PostgreSQL refuses (a data
// exception, SQLSTATE class 22, or an integrity violation, class 23) fails the same way
// on every retry, so it rejects that event alone; only an unreachable or overloaded
// database is worth a 503 and a retry of the whole batch.
import { Prisma } from "@/lib/generated/prisma/client";

interface AdapterCause {
  kind?: unknown;
  originalCode?: unknown;
  originalMessage?: unknown;
}

function adapterCause(error: unknown): AdapterCause | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const meta = error.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
  const cause = meta?.driverAdapterError?.cause;
  return typeof cause === "object" && cause !== null ? cause : null;
}

/** The SQLSTATE PostgreSQL answered, when the error carries one. */
export function sqlState(error: unknown): string | null {
  // A Prisma error's own `code` is Prisma's (P2010…), not PostgreSQL's.
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = adapterCause(error);
    return typeof cause?.originalCode === "string" ? cause.originalCode : null;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * The rejection reason for a value the database refused, or null when the error is not
 * about the event's data. Class 22 messages describe the value (the sender's own), so
 * they are passed on; class 23 messages name our constraints, so only the kind is.
 */
export function dataErrorReason(error: unknown): string | null {
  const state = sqlState(error);
  if (!state) return null;
  if (state.startsWith("22")) {
    const cause = adapterCause(error);
    const message = typeof cause?.originalMessage === "string" ? cause.originalMessage.slice(0, 200) : "invalid value";
    return `data: the database refused a value of this event (SQLSTATE ${state}: ${message})`;
  }
  if (state.startsWith("23")) {
    return `data: conflicts with the records already stored (SQLSTATE ${state}, an integrity constraint): check the ids and values this event names`;
  }
  return null;
}

const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "AuthenticationFailed",
  "TransactionWriteConflict",
]);
// P1xxx: cannot reach or open the database; P2024: no pooled connection in time;
// P2028: the transaction timed out or was closed under us; P2034: write conflict or
// deadlock (already retried by ingestBatch).
const UNAVAILABLE_PRISMA = /^(P1\d{3}|P2024|P2028|P2034)$/;

/** The database is away, overloaded or shutting down: the same batch may succeed later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_PRISMA.test(error.code)) return true;
  const cause = adapterCause(error);
  if (typeof cause?.kind === "string" && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  const state = sqlState(error);
  // 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator
  // intervention (shutdown, statement timeout), 55P03 lock not available.
  if (state && (/^(08|40|53|57)/.test(state) || state === "55P03")) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connect ECONNREFUSED|ECONNRESET|Timed out fetching a new connection/i.test(message);
}
