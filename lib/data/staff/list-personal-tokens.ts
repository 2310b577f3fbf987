import "server-only";
// Personal access tokens for the settings page: a staff member's own, or (for admins)
// everyone's, newest first.
import type { Db } from "@/lib/db/prisma";
import type { PersonalTokenDto } from "@/lib/model/staff";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function listPersonalTokens(db: Db, whose: { staffId: string } | "everyone"): Promise<PersonalTokenDto[]> {
  const rows = await db.personalAccessToken.findMany({
    where: whose === "everyone" ? {} : { staffId: whose.staffId },
    orderBy: { id: "desc" },
    take: 200,
    select: {
      id: true,
      name: true,
      tokenPrefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      staff: { select: { id: true, name: true, email: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.tokenPrefix,
    scopes: r.scopes,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    lastUsedAt: iso(r.lastUsedAt),
    revokedAt: iso(r.revokedAt),
    owner: r.staff,
  }));
}
