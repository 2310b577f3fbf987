// The audit chain's canonical content, rebuilt outside the database. It must match
// audit_entry_hash() in prisma/migrations/20261130040601_audit_hash_chain/migration.sql
// byte for byte: the point of the verifier is that it does not trust the database's
// own function. Change both together (and the version prefix) or every hash breaks.
//
// No "server-only" here: the verifier script imports this outside Next.
import { createHash } from "node:crypto";

/** An entry's columns as PostgreSQL renders them to text (see CHAIN_COLUMNS_SQL). */
export interface ChainContent {
  id: string;
  /** created_at as epoch milliseconds. */
  createdAtMs: string;
  actorId: string | null;
  actorEmail: string;
  action: string;
  outcome: string;
  code: string | null;
  targetAccountId: string | null;
  targetSignUpId: string | null;
  ticketRef: string | null;
  reason: string | null;
  /** detail::text, the jsonb value as PostgreSQL prints it. */
  detail: string | null;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The select list that renders those columns unambiguously: ids and the timestamp as
 * integers, the enum as its label, jsonb as PostgreSQL's text.
 */
export const CHAIN_COLUMNS_SQL = `id::text AS id,
  (EXTRACT(EPOCH FROM created_at) * 1000)::bigint::text AS "createdAtMs",
  actor_id AS "actorId", actor_email AS "actorEmail", action, outcome::text AS outcome, code,
  target_account_id::text AS "targetAccountId", target_sign_up_id::text AS "targetSignUpId",
  ticket_ref AS "ticketRef", reason, detail::text AS detail, ip, user_agent AS "userAgent"`;

const PREFIX = "audit_entries/v1";

// Length-prefixed, so "" and NULL differ and no value can swallow its neighbour.
function field(value: string | null): string {
  return value === null ? "-" : `${Buffer.byteLength(value, "utf8")}:${value}`;
}

/** sha256 (lowercase hex) over the previous entry's hash and this entry's content. */
export function auditEntryHash(priorHash: string | null, e: ChainContent): string {
  const message =
    PREFIX +
    field(priorHash) +
    field(e.id) +
    field(e.createdAtMs) +
    field(e.actorId) +
    field(e.actorEmail) +
    field(e.action) +
    field(e.outcome) +
    field(e.code) +
    field(e.targetAccountId) +
    field(e.targetSignUpId) +
    field(e.ticketRef) +
    field(e.reason) +
    field(e.detail) +
    field(e.ip) +
    field(e.userAgent);
  return createHash("sha256").update(message, "utf8").digest("hex");
}
