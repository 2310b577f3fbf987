// A staff user as the staff page shows them: client-safe (no Prisma, no SQL).
import type { StaffRole } from "@/lib/generated/prisma/enums";

/** One row of the staff page: no password hash, dates as ISO strings. */
export interface StaffUserDto {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  isDisabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  lastSignInAt: string | null;
  /** The identity provider subject bound at their first single sign-on, if any. */
  ssoSubject: string | null;
  createdBy: { name: string; email: string } | null;
}

/** A personal access token as the settings page lists it: never the secret or its hash. */
export interface PersonalTokenDto {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  owner: { id: string; name: string; email: string };
}
