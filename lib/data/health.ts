import "server-only";
import type { Db } from "@/lib/db/prisma";
import type { DatabaseProbe } from "@/lib/health/readiness";

/**
 * The web server's readiness probe through the app's own client (the pool requests use),
 * so a pool exhausted or a database gone shows here as it does to agents.
 */
export function readinessProbe(db: Db): DatabaseProbe {
  return {
    ping: async () => {
      await db.$queryRaw`SELECT 1::int AS ok`;
    },
    appliedMigrations: async () =>
      (
        await db.$queryRaw<{ name: string }[]>`
          SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
      ).map((row) => row.name),
  };
}
