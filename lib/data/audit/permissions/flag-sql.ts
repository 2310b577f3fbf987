// Finding the flags in the database: as a filter (a predicate on every candidate row),
// and for one page's rows with the evidence the tooltips show. What each flag means and
// says is in ./flags.ts.
//
// The facts behind the flags live in two summaries that triggers keep current in the
// same transaction as the rows they summarise (migration 20261130110037_flag_facts):
// account_flag_facts (owners and admins, live teammates, password integrations per
// account) and teammate_flag_facts (the teammates whose credential change was followed
// by failed logins within 7 days). A flag filter is therefore a primary-key probe or a
// walk of a small partial index, never a count or a join over the large tables, and its
// cost no longer depends on how the planner guesses the flag's frequency.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/prisma";
import {
  DEFAULT_SEVERAL_ADMINS,
  FAILURES_WINDOW_DAYS,
  FLAGS,
  MAX_SEVERAL_ADMINS,
  STALE_ADMIN_DAYS,
  rankFlags,
  type FilterFlag,
  type FlagEvidence,
  type FlagSettings,
  type TeammateFlag,
} from "@/lib/model/teammate-flags";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import { type TeammateFlagDetail } from "@/lib/model/teammate-permissions";
export { type TeammateFlagDetail } from "@/lib/model/teammate-permissions";

export const DAY_MS = 86_400_000;

export const FULL_ACCESS = Prisma.sql`('OWNER'::teammate_level, 'ADMIN'::teammate_level)`;
// Changes that can lock someone else out (not creating an API key).
const LOCKING_CHANGES = Prisma.sql`('PASSWORD'::credential_kind, 'USERNAME'::credential_kind, 'EMAIL'::credential_kind, 'API_KEY_REVOKED'::credential_kind)`;
const severalLiteral = (settings: FlagSettings) =>
  Prisma.raw(String(Math.min(MAX_SEVERAL_ADMINS, Math.max(DEFAULT_SEVERAL_ADMINS, Math.trunc(settings.severalAdmins)))));

export function flagPredicate(flag: FilterFlag, now: Date, settings: FlagSettings): Prisma.Sql {
  const staleBefore = new Date(now.getTime() - STALE_ADMIN_DAYS * DAY_MS);
  switch (flag) {
    case "stale_admin":
      return Prisma.sql`t.level IN ${FULL_ACCESS} AND (t.last_login_at IS NULL OR t.last_login_at < ${staleBefore})`;
    case "several_admins":
      // The threshold goes into the SQL as a literal (a validated whole number, 2-20), not a
      // parameter: the planner can then prove it implies the partial index's condition
      // (account_flag_facts_several_admins_idx is "WHERE full_access >= 2") and walk it.
      return Prisma.sql`t.level IN ${FULL_ACCESS} AND EXISTS (SELECT 1 FROM account_flag_facts f
        WHERE f.account_id = t.account_id AND f.full_access >= ${severalLiteral(settings)})`;
    case "changes_then_failures":
      return Prisma.sql`EXISTS (SELECT 1 FROM teammate_flag_facts f WHERE f.teammate_id = t.id AND f.account_id = t.account_id)`;
    case "shared_login":
      // The account's only live login (the rows are live teammates: this one is it).
      return Prisma.sql`EXISTS (SELECT 1 FROM account_flag_facts f
        WHERE f.account_id = t.account_id AND f.live_teammates = 1 AND f.password_integrations > 0)`;
  }
}

/**
 * The summaries' columns for a page's rows: the page's own statement reads them (see
 * list.ts, with FACT_JOINS), so a page needs no second look at its rows unless one is
 * flagged. The teammate fact is a scalar subquery, a primary-key probe per row: as a
 * join, the planner hashed the whole of teammate_flag_facts (small, but growing with
 * the flag) for a page of 50 rows.
 */
export const FACT_COLUMNS = Prisma.sql`coalesce(af.full_access, 0)::int AS full_access, coalesce(af.live_teammates, 0)::int AS live_teammates,
  coalesce(af.password_integrations, 0)::int AS integrations,
  (SELECT tf.change_then_failures_at FROM teammate_flag_facts tf WHERE tf.teammate_id = t.id) AS flagged_change_at`;
export const FACT_JOINS = Prisma.sql`LEFT JOIN account_flag_facts af ON af.account_id = t.account_id`;

export interface FlaggedRow {
  id: number;
  level: TeammateLevel;
  last_login_at: Date | null;
  /** From the summaries (FACT_COLUMNS). */
  full_access: number;
  live_teammates: number;
  integrations: number;
  /** The newest change the summary holds for "Change → failed logins"; null: not flagged. */
  flagged_change_at: Date | null;
}

interface ChangeEvidence {
  id: number;
  change_kind: string;
  change_at: Date;
  failures_after: number;
}

/** The flags of the given rows (one page), highest risk first, with the evidence each tooltip shows. */
export async function flagsFor(db: Db, rows: readonly FlaggedRow[], now: Date, settings: FlagSettings): Promise<Map<number, TeammateFlagDetail[]>> {
  const result = new Map<number, TeammateFlagDetail[]>();
  if (rows.length === 0) return result;
  // Whether a flag is on comes from the summaries (the same facts the filters use, so a
  // row and its filter always agree). The change and the failures after it are looked up
  // for the tooltip's sentence, and only for the rows the summary flags.
  const flaggedIds = rows.filter((r) => r.flagged_change_at !== null).map((r) => r.id);
  const changes = new Map<number, ChangeEvidence>();
  if (flaggedIds.length) {
    const found = await db.$queryRaw<ChangeEvidence[]>`
      SELECT t.id, ch.kind::text AS change_kind, ch.occurred_at AS change_at, ch.failures AS failures_after
        FROM teammates t
        CROSS JOIN LATERAL (
          SELECT cc.kind, cc.occurred_at, f.n AS failures
            FROM credential_changes cc
            CROSS JOIN LATERAL (
              SELECT count(*)::int AS n FROM login_attempts la
               WHERE la.account_id = cc.account_id AND la.outcome = 'FAILURE'
                 AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + ${`${FAILURES_WINDOW_DAYS} days`}::interval
            ) f
           WHERE cc.teammate_id = t.id AND cc.kind IN ${LOCKING_CHANGES} AND f.n > 0
           ORDER BY cc.occurred_at DESC
           LIMIT 1
        ) ch
       WHERE t.id = ANY(${flaggedIds}::int4[])`;
    for (const c of found) changes.set(c.id, c);
  }
  for (const row of rows) {
    const change = changes.get(row.id);
    const evidence: FlagEvidence = {
      level: row.level,
      fullAccess: row.full_access,
      daysSinceLogin: row.last_login_at ? Math.floor((now.getTime() - row.last_login_at.getTime()) / DAY_MS) : null,
      change: change
        ? { kind: change.change_kind, on: change.change_at.toISOString().slice(0, 10), failuresAfter: change.failures_after }
        : row.flagged_change_at
          ? // Flagged, but the failed logins are no longer on file (retention dropped them
            // since: the worker's upkeep takes such flags off within the hour).
            { kind: "credential", on: row.flagged_change_at.toISOString().slice(0, 10), failuresAfter: null }
          : null,
      integrations: row.integrations,
    };
    const isFullAccess = row.level === "OWNER" || row.level === "ADMIN";
    const staleBefore = now.getTime() - STALE_ADMIN_DAYS * DAY_MS;
    const on: Record<TeammateFlag, boolean> = {
      several_admins: isFullAccess && row.full_access >= settings.severalAdmins,
      stale_admin: isFullAccess && (row.last_login_at === null || row.last_login_at.getTime() < staleBefore),
      changes_then_failures: row.flagged_change_at !== null,
      shared_login: row.live_teammates === 1 && row.integrations > 0,
    };
    const flags = rankFlags(
      (Object.keys(FLAGS) as TeammateFlag[]).filter((flag) => on[flag]).map((flag) => ({ flag, detail: FLAGS[flag].evidence(evidence) })),
    );
    result.set(row.id, flags);
  }
  return result;
}
