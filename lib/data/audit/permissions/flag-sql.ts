// Finding the flags in the database: as a filter (a predicate on every candidate row),
// and for one page's rows with the evidence the tooltips show. What each flag means and
// says is in ./flags.ts.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/prisma";
import { FAILURES_WINDOW_DAYS, FLAGS, STALE_ADMIN_DAYS, rankFlags, type FilterFlag, type FlagEvidence, type FlagSettings, type TeammateFlag } from "./flags";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";

export const DAY_MS = 86_400_000;

export const FULL_ACCESS = Prisma.sql`('OWNER'::teammate_level, 'ADMIN'::teammate_level)`;
// Changes that can lock someone else out (not creating an API key).
const LOCKING_CHANGES = Prisma.sql`('PASSWORD'::credential_kind, 'USERNAME'::credential_kind, 'EMAIL'::credential_kind, 'API_KEY_REVOKED'::credential_kind)`;

export function flagPredicate(flag: FilterFlag, now: Date, settings: FlagSettings): Prisma.Sql {
  const staleBefore = new Date(now.getTime() - STALE_ADMIN_DAYS * DAY_MS);
  switch (flag) {
    case "stale_admin":
      return Prisma.sql`t.level IN ${FULL_ACCESS} AND (t.last_login_at IS NULL OR t.last_login_at < ${staleBefore})`;
    case "several_admins":
      return Prisma.sql`t.level IN ${FULL_ACCESS} AND (SELECT count(*) FROM teammates x
        WHERE x.account_id = t.account_id AND x.deleted_at IS NULL AND x.level IN ${FULL_ACCESS}) >= ${settings.severalAdmins}`;
    case "changes_then_failures":
      return Prisma.sql`EXISTS (SELECT 1 FROM credential_changes cc
        WHERE cc.teammate_id = t.id AND cc.kind IN ${LOCKING_CHANGES}
          AND EXISTS (SELECT 1 FROM login_attempts la
            WHERE la.account_id = cc.account_id AND la.outcome = 'FAILURE'
              AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + ${`${FAILURES_WINDOW_DAYS} days`}::interval))`;
  }
}

export interface FlaggedRow {
  id: number;
  level: TeammateLevel;
  last_login_at: Date | null;
}

export interface TeammateFlagDetail {
  flag: TeammateFlag;
  /** One sentence of evidence for the tooltip. */
  detail: string;
}

interface FlagFacts {
  id: number;
  full_access: number;
  live_teammates: number;
  integrations: number;
  change_kind: string | null;
  change_at: Date | null;
  failures_after: number | null;
}

/** The flags of the given rows (one page), highest risk first, with the evidence each tooltip shows. */
export async function flagsFor(db: Db, rows: readonly FlaggedRow[], now: Date, settings: FlagSettings): Promise<Map<number, TeammateFlagDetail[]>> {
  const result = new Map<number, TeammateFlagDetail[]>();
  if (rows.length === 0) return result;
  const ids = rows.map((r) => r.id);
  const facts = await db.$queryRaw<FlagFacts[]>`
    SELECT t.id,
           (SELECT count(*)::int FROM teammates x WHERE x.account_id = t.account_id AND x.deleted_at IS NULL AND x.level IN ${FULL_ACCESS}) AS full_access,
           (SELECT count(*)::int FROM teammates x WHERE x.account_id = t.account_id AND x.deleted_at IS NULL) AS live_teammates,
           (SELECT count(*)::int FROM password_integrations i WHERE i.account_id = t.account_id AND i.removed_at IS NULL) AS integrations,
           ch.kind::text AS change_kind, ch.occurred_at AS change_at, ch.failures AS failures_after
      FROM teammates t
      LEFT JOIN LATERAL (
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
      ) ch ON true
     WHERE t.id = ANY(${ids}::int4[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const f of facts) {
    const row = byId.get(f.id);
    if (!row) continue;
    const evidence: FlagEvidence = {
      level: row.level,
      fullAccess: f.full_access,
      daysSinceLogin: row.last_login_at ? Math.floor((now.getTime() - row.last_login_at.getTime()) / DAY_MS) : null,
      change:
        f.change_kind && f.change_at && f.failures_after
          ? { kind: f.change_kind, on: f.change_at.toISOString().slice(0, 10), failuresAfter: f.failures_after }
          : null,
      integrations: f.integrations,
    };
    const isFullAccess = row.level === "OWNER" || row.level === "ADMIN";
    const staleBefore = now.getTime() - STALE_ADMIN_DAYS * DAY_MS;
    const on: Record<TeammateFlag, boolean> = {
      several_admins: isFullAccess && f.full_access >= settings.severalAdmins,
      stale_admin: isFullAccess && (row.last_login_at === null || row.last_login_at.getTime() < staleBefore),
      changes_then_failures: evidence.change !== null,
      shared_login: f.live_teammates === 1 && f.integrations > 0,
    };
    const flags = rankFlags(
      (Object.keys(FLAGS) as TeammateFlag[]).filter((flag) => on[flag]).map((flag) => ({ flag, detail: FLAGS[flag].evidence(evidence) })),
    );
    result.set(f.id, flags);
  }
  return result;
}
