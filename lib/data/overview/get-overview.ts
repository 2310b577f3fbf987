import type { Db } from "@/lib/db/prisma";

export interface OverviewDto {
  accounts: number;
  pendingSignUps: number;
  bannedAccounts: number;
  terminatedAccounts: number;
  staffUsers: number;
  migrations: number;
}

export async function getOverview(db: Db): Promise<OverviewDto> {
  const [accounts, pendingSignUps, bannedAccounts, terminatedAccounts, staffUsers, migrations] = await Promise.all([
    db.account.count(),
    db.signUp.count({ where: { confirmedAt: null } }),
    db.account.count({ where: { status: "BANNED" } }),
    db.account.count({ where: { status: "TERMINATED" } }),
    db.staffUser.count({ where: { disabledAt: null } }),
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`,
  ]);
  return { accounts, pendingSignUps, bannedAccounts, terminatedAccounts, staffUsers, migrations: migrations[0]?.n ?? 0 };
}
