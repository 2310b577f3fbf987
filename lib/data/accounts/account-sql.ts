// The account's facts as one SQL expression: a JSON document built by PostgreSQL
// (json_build_object / json_agg over each table's own index), so the page, the recovery
// guards and the benchmark read everything in one round trip instead of a dozen Prisma
// queries (issue 14: the dozen cost 3x the raw SQL of the same reads). The document's
// keys are the DTOs' field names; ./account-json.ts checks it and makes the dates.
//
// Each list keeps the ORDER BY and LIMIT the Prisma queries had, so the diagnosis gets
// the same rows in the same order (lib/data/accounts/load-account-facts.int.test.ts and
// account-sql.int.test.ts compare them).
import { Prisma } from "@/lib/generated/prisma/client";

/** How far back the page looks for events: the engine's windows are 30 days. */
export const FACTS_WINDOW_DAYS = 90;
/** Newest login attempts loaded for the diagnosis (the timeline pages further). */
export const FACTS_MAX_ATTEMPTS = 500;
/** Distinct addresses of recent successful logins searched for unknown usernames. */
export const FACTS_MAX_IPS = 20;

const ban = (alias: string) =>
  Prisma.raw(`json_build_object('id', ${alias}.id, 'bannedAt', ${alias}.banned_at, 'reason', ${alias}.reason,
  'banEmailRef', ${alias}.ban_email_ref, 'cascadeSubusers', ${alias}.cascade_subusers, 'inheritedFromId', ${alias}.inherited_from_id)`);

const attempt = (alias: string) =>
  Prisma.raw(`json_build_object('id', ${alias}.id::text, 'channel', ${alias}.channel, 'outcome', ${alias}.outcome,
  'reason', ${alias}.reason, 'usernameTried', ${alias}.username_tried, 'apiKeyPrefix', ${alias}.api_key_prefix, 'ip', ${alias}.ip,
  'teammateId', ${alias}.teammate_id, 'occurredAt', ${alias}.occurred_at)`);

/**
 * The common table expressions the facts need (put them after WITH): `facts_attempts`, the
 * newest login attempts in the window numbered in the order the diagnosis reads them
 * (`n`), and `facts_ips`, the first addresses of successful logins in that order.
 */
export function factsCtes(accountId: number, since: Date): Prisma.Sql {
  return Prisma.sql`facts_attempts AS (
    SELECT l.*, row_number() OVER () AS n FROM (
      SELECT id, channel, outcome, reason, username_tried, api_key_prefix, ip, teammate_id, occurred_at
        FROM login_attempts
       WHERE account_id = ${accountId}::int4 AND occurred_at >= ${since}::timestamptz
       ORDER BY occurred_at DESC
       LIMIT ${FACTS_MAX_ATTEMPTS}::int4) l
  ),
  facts_ips AS (
    SELECT ip FROM facts_attempts WHERE outcome = 'SUCCESS' GROUP BY ip ORDER BY min(n) LIMIT ${FACTS_MAX_IPS}::int4
  )`;
}

/**
 * The facts of the account row `a` (FROM accounts a WHERE a.id = …) as one JSON object,
 * shaped like `accountFactsJson`. Needs `factsCtes` in the statement's WITH.
 */
export function factsObject(since: Date): Prisma.Sql {
  return Prisma.sql`json_build_object(
    'account', json_build_object('id', a.id, 'username', a.username, 'email', a.email, 'loginMethod', a.login_method,
      'unifiedLoginId', a.unified_login_id, 'status', a.status, 'plan', a.plan, 'createdAt', a.created_at, 'confirmedAt', a.confirmed_at,
      'lastLoginAt', a.last_login_at, 'passwordChangedAt', a.password_changed_at, 'lockedUntil', a.locked_until,
      'terminatedAt', a.terminated_at, 'parentId', a.parent_id, 'deletedAt', a.deleted_at),
    'ban', (SELECT ${ban("b")} FROM bans b WHERE b.account_id = a.id),
    'parent', (SELECT json_build_object('id', p.id, 'username', p.username, 'email', p.email, 'status', p.status,
        'ban', (SELECT ${ban("pb")} FROM bans pb WHERE pb.account_id = p.id))
      FROM accounts p WHERE p.id = a.parent_id),
    'teammates', (SELECT coalesce(json_agg(json_build_object('id', t.id, 'username', t.username, 'email', t.email, 'level', t.level,
        'scopes', t.scopes, 'lastLoginAt', t.last_login_at, 'deletedAt', t.deleted_at) ORDER BY t.id), '[]')
      FROM teammates t WHERE t.account_id = a.id),
    'apiKeys', (SELECT coalesce(json_agg(json_build_object('id', k.id, 'name', k.name, 'prefix', k.prefix, 'createdAt', k.created_at,
        'lastUsedAt', k.last_used_at, 'createdById', k.created_by_id, 'revokedAt', k.revoked_at, 'revokedById', k.revoked_by_id)
        ORDER BY k.created_at DESC), '[]')
      FROM api_keys k WHERE k.account_id = a.id),
    'integrations', (SELECT coalesce(json_agg(json_build_object('id', i.id, 'kind', i.kind, 'name', i.name, 'apiUser', i.api_user,
        'lastUsedAt', i.last_used_at) ORDER BY i.id), '[]')
      -- A removed integration (integration.removed) no longer breaks on a new password.
      FROM password_integrations i WHERE i.account_id = a.id AND i.removed_at IS NULL),
    'credentialChanges', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'kind', c.kind, 'teammateId', c.teammate_id,
        'actorLabel', c.actor_label, 'ip', c.ip, 'detail', c.detail, 'occurredAt', c.occurred_at) ORDER BY c.n), '[]')
      FROM (SELECT *, row_number() OVER () AS n FROM (SELECT * FROM credential_changes
              WHERE account_id = a.id AND occurred_at >= ${since}::timestamptz ORDER BY occurred_at DESC LIMIT 200) c0) c),
    'loginAttempts', (SELECT coalesce(json_agg(${attempt("l")} ORDER BY l.n), '[]') FROM facts_attempts l),
    -- Usernames that match no account are logged without one: those tried from the
    -- addresses this account signs in from (the forgotten-username case).
    'unknownUsernameAttempts', (SELECT coalesce(json_agg(${attempt("u")} ORDER BY u.n), '[]')
      -- One probe of the (ip, occurred_at desc) index per address (a join on the list lets
      -- the planner walk every attempt without an account instead: millions, in an attack).
      FROM (SELECT *, row_number() OVER () AS n FROM (SELECT u1.* FROM facts_ips i CROSS JOIN LATERAL (
              SELECT * FROM login_attempts
               WHERE ip = i.ip AND account_id IS NULL AND reason = 'UNKNOWN_USERNAME' AND occurred_at >= ${since}::timestamptz
               ORDER BY occurred_at DESC LIMIT 100) u1
              ORDER BY u1.occurred_at DESC LIMIT 100) u0) u),
    'invoices', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'period', v.period, 'amountCents', v.amount_cents,
        'currency', v.currency, 'issuedAt', v.issued_at, 'dueAt', v.due_at, 'paidAt', v.paid_at) ORDER BY v.period DESC), '[]')
      FROM (SELECT * FROM invoices WHERE account_id = a.id ORDER BY period DESC LIMIT 24) v),
    'billingWarnings', (SELECT coalesce(json_agg(json_build_object('id', w.id, 'invoiceId', w.invoice_id, 'kind', w.kind,
        'sentTo', w.sent_to, 'sentAt', w.sent_at) ORDER BY w.n), '[]')
      FROM (SELECT *, row_number() OVER () AS n FROM (SELECT * FROM billing_warnings
              WHERE account_id = a.id ORDER BY sent_at DESC LIMIT 50) w0) w),
    'subusers', (SELECT coalesce(json_agg(json_build_object('id', s.id, 'username', s.username, 'status', s.status) ORDER BY s.id), '[]')
      FROM (SELECT id, username, status FROM accounts WHERE parent_id = a.id ORDER BY id LIMIT 200) s),
    'dedicatedIps', (SELECT coalesce(json_agg(json_build_object('id', d.id, 'address', d.address, 'assignedAt', d.assigned_at,
        'removedAt', d.removed_at, 'removedReason', d.removed_reason) ORDER BY d.n), '[]')
      FROM (SELECT *, row_number() OVER () AS n FROM (SELECT * FROM dedicated_ips
              WHERE account_id = a.id ORDER BY assigned_at DESC) d0) d)
  )`;
}
