import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { requestMeta } from "@/lib/http/client-address";
import { auth } from "./auth";
import { isSessionCurrent } from "./sessions";
import { can, ROLE_PERMISSIONS, type Permission } from "./permissions";

export interface StaffContext {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  permissions: readonly Permission[];
  /** The IANA zone they read times in ("UTC" unless they chose one). */
  timeZone: string;
}

/**
 * The signed-in staff user as the database has them now (role, disabled), or null.
 * The JWT only says who signed in: a demoted or disabled user loses access on their
 * next request, not when the token expires. Cached per request.
 */
export const getCurrentStaff = cache(async (): Promise<StaffContext | null> => {
  const session = await auth();
  const id = session?.user?.id;
  // A token without a session id or past its absolute lifetime is no session at all.
  if (!id || !isSessionCurrent(session.sid, session.signedInAt)) return null;
  const sid = session.sid ?? "";
  const staff = await getDb().staffUser.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, timeZone: true, disabledAt: true, revokedSessions: { where: { sid }, select: { sid: true } } },
  });
  // A session that signed out stays signed out, even if a late response handed the
  // browser a refreshed cookie.
  if (!staff || staff.disabledAt || staff.revokedSessions.length > 0) return null;
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, permissions: ROLE_PERMISSIONS[staff.role], timeZone: staff.timeZone };
});

/**
 * For pages, layouts and route handlers: the signed-in staff user holding
 * `permission`, or a redirect to sign-in (anonymous, disabled) or a 403 page (role too
 * low). Refusals of a signed-in user are audited with `where` (e.g. "page:/staff").
 */
export async function requireStaff(permission: Permission | null, where: string): Promise<StaffContext> {
  const staff = await getCurrentStaff();
  if (!staff) redirect("/sign-in");
  if (permission && !can(staff.role, permission)) {
    await writeAudit(getDb(), {
      actor: { id: staff.id, email: staff.email },
      action: "access.denied",
      outcome: "REFUSED",
      code: "FORBIDDEN",
      reason: `needs ${permission}`,
      detail: { where, permission },
      ...requestMeta(await headers()),
    });
    forbidden();
  }
  return staff;
}
