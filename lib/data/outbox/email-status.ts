// What the account page says about each customer email the console sent, and the same
// list read as part of the account page's one statement (lib/data/accounts/
// load-account-page.ts). No server-only import, so benchmarks can load the page's data.
import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { timestamp } from "@/lib/data/accounts/account-json";
import type { LinkCancelReason } from "@/lib/generated/prisma/enums";
import { LINK_CANCEL_REASONS } from "@/lib/email/link-cancel-reasons";
import { type EmailStatusDto, type LinkStatusDto } from "@/lib/model/emails";
export { type EmailStatusDto, type LinkStatusDto } from "@/lib/model/emails";

interface TokenFacts {
  expiresAt: Date;
  usedAt: Date | null;
  supersededAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: LinkCancelReason | null;
  usedBySource: { name: string } | null;
}

export function linkStatus(token: TokenFacts | null, now: Date): LinkStatusDto | null {
  if (!token) return null;
  if (token.usedAt) return { state: "used", at: token.usedAt, bySource: token.usedBySource?.name ?? null };
  if (token.cancelledAt && token.cancelReason) return { state: "cancelled", at: token.cancelledAt, reason: token.cancelReason };
  if (token.supersededAt) return { state: "superseded", at: token.supersededAt };
  if (token.expiresAt <= now) return { state: "expired", at: token.expiresAt };
  return { state: "open", expiresAt: token.expiresAt };
}

/** Newest customer emails of an account as a JSON array, shaped like `outboxEmailsJson`. */
export function outboxEmailsSql(accountId: number, take: number): Prisma.Sql {
  const token = (table: string) =>
    Prisma.raw(`(SELECT json_build_object('expiresAt', k.expires_at, 'usedAt', k.used_at, 'supersededAt', k.superseded_at,
         'cancelledAt', k.cancelled_at, 'cancelReason', k.cancel_reason, 'usedBySource', src.name)
       FROM ${table} k LEFT JOIN event_sources src ON src.id = k.used_by_source_id WHERE k.outbox_id = o.id)`);
  return Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', o.id, 'kind', o.kind, 'recipient', o.recipient, 'status', o.status,
      'attempts', o.attempts, 'nextAttemptAt', o.next_attempt_at, 'lastError', o.last_error, 'sentAt', o.sent_at, 'createdAt', o.created_at,
      'ticketRef', o.ticket_ref, 'requestedBy', (SELECT s.name FROM staff_users s WHERE s.id = o.requested_by_id),
      'token', coalesce(${token("password_reset_tokens")}, ${token("confirmation_tokens")})) ORDER BY o.n), '[]')
    FROM (SELECT *, row_number() OVER () AS n FROM (SELECT * FROM email_outbox WHERE account_id = ${accountId}::int4
            ORDER BY created_at DESC LIMIT ${take}::int4) o0) o)`;
}

const tokenJson = z.object({
  expiresAt: timestamp,
  usedAt: timestamp.nullable(),
  supersededAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
  cancelReason: z.enum(LINK_CANCEL_REASONS).nullable(),
  usedBySource: z.string().nullable(),
});

const outboxEmailJson = z.object({
  id: z.number().int(),
  kind: z.enum(["PASSWORD_RESET", "USERNAME_RECOVERY", "CONFIRMATION_RESEND"]),
  recipient: z.string(),
  status: z.enum(["QUEUED", "SENDING", "SENT", "FAILED"]),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  lastError: z.string().nullable(),
  sentAt: timestamp.nullable(),
  createdAt: timestamp,
  ticketRef: z.string().nullable(),
  requestedBy: z.string(),
  token: tokenJson.nullable(),
});

/** The emails from `outboxEmailsSql`'s JSON, with what became of each link as of `now`. */
export function outboxEmailsFrom(json: unknown, now: Date): EmailStatusDto[] {
  return z
    .array(outboxEmailJson)
    .parse(json)
    .map(({ token, ...email }) => ({
      ...email,
      link: linkStatus(token && { ...token, usedBySource: token.usedBySource === null ? null : { name: token.usedBySource } }, now),
    }));
}
