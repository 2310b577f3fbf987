// A row of the permissions audit: client-safe (no Prisma, no SQL).
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import type { TeammateFlag } from "./teammate-flags";

export interface TeammatePermissionRow {
  teammateId: number;
  accountId: number;
  accountUsername: string;
  accountStatus: string;
  username: string;
  email: string;
  level: TeammateLevel;
  scopes: string[];
  lastLoginAt: string | null;
  createdAt: string;
  flags: TeammateFlagDetail[];
}

export interface TeammateFlagDetail {
  flag: TeammateFlag;
  /** One sentence of evidence for the tooltip. */
  detail: string;
}
