// Checking the summaries against the tables they summarise (`npm run flags:verify`).
// Triggers keep account_flag_facts, teammate_flag_facts and overview_counts current
// (migration 20261130110037_flag_facts), and the same migration defines, in SQL, what
// each must hold when computed from scratch (the *_expected() functions). The check
// reads both in one REPEATABLE READ snapshot, so a change committed meanwhile cannot show
// as drift: a trigger writes the summary in the change's own transaction.
//
// Not server-only: the script and the tests call it with their own client.
import type { Db } from "@/lib/db/prisma";

export interface AccountFactsDrift {
  accountId: number;
  stored: { fullAccess: number; liveTeammates: number; passwordIntegrations: number };
  expected: { fullAccess: number; liveTeammates: number; passwordIntegrations: number };
}

export interface TeammateFactsDrift {
  teammateId: number;
  /** The newest change followed by failures, as stored and as recomputed; null: not flagged. */
  stored: string | null;
  expected: string | null;
}

export interface CountDrift {
  name: string;
  stored: number;
  expected: number;
}

export interface SummaryDrift {
  ok: boolean;
  accountFacts: { count: number; examples: AccountFactsDrift[] };
  teammateFacts: { count: number; examples: TeammateFactsDrift[] };
  overviewCounts: CountDrift[];
  /**
   * Credential changes the worker has yet to look at again (at most a minute old when it
   * runs): a "Change → failed logins" difference for their teammates may be the race it
   * closes rather than lasting drift.
   */
  pendingRechecks: number;
}

interface AccountRow {
  account_id: number;
  s_full: number;
  s_live: number;
  s_integrations: number;
  e_full: number;
  e_live: number;
  e_integrations: number;
  total: number;
}

interface TeammateRow {
  teammate_id: number;
  stored: Date | null;
  expected: Date | null;
  total: number;
}

/** Recomputes every summary from scratch and lists what differs (up to `examples` rows of each). */
export async function verifySummaries(db: Db, options: { examples?: number } = {}): Promise<SummaryDrift> {
  const examples = Math.max(0, Math.trunc(options.examples ?? 10));
  return db.$transaction(
    async (tx) => {
      // A missing row and a row of zeros mean the same (no teammates, no integrations).
      const accounts = await tx.$queryRaw<AccountRow[]>`
        SELECT coalesce(e.account_id, s.account_id) AS account_id,
               coalesce(s.full_access, 0) AS s_full, coalesce(s.live_teammates, 0) AS s_live, coalesce(s.password_integrations, 0) AS s_integrations,
               coalesce(e.full_access, 0) AS e_full, coalesce(e.live_teammates, 0) AS e_live, coalesce(e.password_integrations, 0) AS e_integrations,
               (count(*) OVER ())::int AS total
          FROM account_flag_facts_expected() e
          FULL JOIN account_flag_facts s ON s.account_id = e.account_id
         WHERE coalesce(s.full_access, 0) <> coalesce(e.full_access, 0)
            OR coalesce(s.live_teammates, 0) <> coalesce(e.live_teammates, 0)
            OR coalesce(s.password_integrations, 0) <> coalesce(e.password_integrations, 0)
         ORDER BY 1
         LIMIT ${examples}::int4`;
      const teammates = await tx.$queryRaw<TeammateRow[]>`
        SELECT coalesce(e.teammate_id, s.teammate_id) AS teammate_id, s.change_then_failures_at AS stored, e.change_then_failures_at AS expected,
               (count(*) OVER ())::int AS total
          FROM teammate_flag_facts_expected() e
          FULL JOIN teammate_flag_facts s ON s.teammate_id = e.teammate_id
         WHERE s.change_then_failures_at IS DISTINCT FROM e.change_then_failures_at OR s.account_id IS DISTINCT FROM e.account_id
         ORDER BY 1
         LIMIT ${examples}::int4`;
      const counts = await tx.$queryRaw<{ name: string; stored: number; expected: number }[]>`
        SELECT coalesce(e.name, s.name) AS name, coalesce(s.n, 0)::float8 AS stored, coalesce(e.n, 0)::float8 AS expected
          FROM overview_counts_expected() e
          FULL JOIN (SELECT c.name, sum(c.n) AS n FROM overview_counts c GROUP BY c.name) s ON s.name = e.name
         WHERE coalesce(s.n, 0) <> coalesce(e.n, 0)
         ORDER BY 1`;
      const pending = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM flag_fact_rechecks`;
      const accountCount = accounts[0]?.total ?? 0;
      const teammateCount = teammates[0]?.total ?? 0;
      return {
        ok: accountCount === 0 && teammateCount === 0 && counts.length === 0,
        accountFacts: {
          count: accountCount,
          examples: accounts.map((r) => ({
            accountId: r.account_id,
            stored: { fullAccess: r.s_full, liveTeammates: r.s_live, passwordIntegrations: r.s_integrations },
            expected: { fullAccess: r.e_full, liveTeammates: r.e_live, passwordIntegrations: r.e_integrations },
          })),
        },
        teammateFacts: {
          count: teammateCount,
          examples: teammates.map((r) => ({
            teammateId: r.teammate_id,
            stored: r.stored?.toISOString() ?? null,
            expected: r.expected?.toISOString() ?? null,
          })),
        },
        overviewCounts: counts,
        pendingRechecks: pending[0]?.n ?? 0,
      };
    },
    // A million accounts take seconds to recompute: well past Prisma's 5 s default.
    { isolationLevel: "RepeatableRead", timeout: 15 * 60_000, maxWait: 60_000 },
  );
}

export interface RepairResult {
  /** Rows written to account_flag_facts and teammate_flag_facts. */
  flagFacts: number;
  /** Counters written to overview_counts. */
  overviewCounts: number;
}

/**
 * Rebuilds every summary from scratch. The source tables are locked against writes
 * meanwhile (SHARE: reads go on, ingest waits), so no change can slip between the
 * recomputation and the rows it replaces: seconds on a million accounts.
 */
export async function repairSummaries(db: Db): Promise<RepairResult> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`LOCK TABLE accounts, sign_ups, teammates, password_integrations, credential_changes, login_attempts IN SHARE MODE`;
      const rows = await tx.$queryRaw<{ flags: bigint; counts: bigint }[]>`SELECT flag_facts_rebuild() AS flags, overview_counts_rebuild() AS counts`;
      return { flagFacts: Number(rows[0]?.flags ?? 0), overviewCounts: Number(rows[0]?.counts ?? 0) };
    },
    { timeout: 15 * 60_000, maxWait: 60_000 },
  );
}
