// The console's teammate levels (the database enum) and their labels: plain constants
// for the table, the filters and the validation. The platform's own words for levels
// (lower case, in events) are PLATFORM_TEAMMATE_LEVELS in lib/ingest/catalogue.ts.
import type { TeammateLevel } from "@/lib/generated/prisma/enums";

export const TEAMMATE_LEVELS = ["OWNER", "ADMIN", "RESTRICTED", "READ_ONLY", "BILLING"] as const satisfies readonly TeammateLevel[];

export const LEVEL_LABELS: Record<TeammateLevel, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  RESTRICTED: "Restricted",
  READ_ONLY: "Read-only",
  BILLING: "Billing",
};
