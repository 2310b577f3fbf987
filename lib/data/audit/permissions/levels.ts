// Plain constants shared with client components (the table), which must not import the
// data module: it pulls in the Prisma client.
import type { TeammateLevel } from "@/lib/generated/prisma/enums";

export const TEAMMATE_LEVELS = ["OWNER", "ADMIN", "RESTRICTED", "READ_ONLY", "BILLING"] as const satisfies readonly TeammateLevel[];

export const LEVEL_LABELS: Record<TeammateLevel, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  RESTRICTED: "Restricted",
  READ_ONLY: "Read-only",
  BILLING: "Billing",
};
