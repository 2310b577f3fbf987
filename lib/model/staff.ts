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
