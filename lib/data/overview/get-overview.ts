// The search home's "At a glance" figures. They used to be count(*) over accounts and
// sign-ups on every visit (188 ms p50 on a million accounts): the customer counts are
// now kept by triggers in overview_counts (one small row per counter and writer shard,
// see migration 20261130110037_flag_facts) and summed here, so a visit reads a few
// dozen rows whatever the size of the tables. Staff users and migrations are tiny tables.
import type { Db } from "@/lib/db/prisma";

export interface OverviewDto {
  accounts: number;
  pendingSignUps: number;
  bannedAccounts: number;
  terminatedAccounts: number;
  staffUsers: number;
  migrations: number;
}

/** The whole read, one statement with no parameters; `bench:home` times this same text as its baseline. */
export const OVERVIEW_SQL = `SELECT coalesce(sum(c.n) FILTER (WHERE c.name = 'accounts'), 0)::float8 AS accounts,
       coalesce(sum(c.n) FILTER (WHERE c.name = 'sign_ups_pending'), 0)::float8 AS pending,
       coalesce(sum(c.n) FILTER (WHERE c.name = 'accounts_banned'), 0)::float8 AS banned,
       coalesce(sum(c.n) FILTER (WHERE c.name = 'accounts_terminated'), 0)::float8 AS terminated,
       (SELECT count(*) FROM staff_users WHERE disabled_at IS NULL)::int AS staff,
       (SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL)::int AS migrations
  FROM overview_counts c`;

export async function getOverview(db: Db): Promise<OverviewDto> {
  const rows =
    await db.$queryRawUnsafe<{ accounts: number; pending: number; banned: number; terminated: number; staff: number; migrations: number }[]>(OVERVIEW_SQL);
  const r = rows[0];
  return {
    accounts: r?.accounts ?? 0,
    pendingSignUps: r?.pending ?? 0,
    bannedAccounts: r?.banned ?? 0,
    terminatedAccounts: r?.terminated ?? 0,
    staffUsers: r?.staff ?? 0,
    migrations: r?.migrations ?? 0,
  };
}
