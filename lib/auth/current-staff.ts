import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import { planOnce, type Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { requestMeta } from "@/lib/http/client-address";
import { auth } from "./auth";
import { SESSION_CLAIMS_HEADER, openSessionClaims, type SessionClaims } from "./proxy-session";
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
  const session = await getSessionClaims();
  if (!session) return null;
  return loadStaffAccess(getDb(), session);
});

/**
 * For a response that outlives its request (Watch live's stream): whether the session it
 * was opened with still grants access now, as a new request would find it (the session's
 * absolute lifetime, signed out or revoked, disabled, role), or null.
 */
export async function recheckStaff(db: Db, session: SessionClaims, nowMs = Date.now()): Promise<StaffContext | null> {
  if (!isSessionCurrent(session.sid, session.signedInAt, nowMs)) return null;
  return loadStaffAccess(db, session);
}

/** recheckStaff on the app's database, for a route's long-lived response. */
export function recheckSession(session: SessionClaims): Promise<StaffContext | null> {
  return recheckStaff(getDb(), session);
}

/** The session's staff user with their permissions, or null (gone, disabled, session revoked or older than a disable, unknown role). */
async function loadStaffAccess(db: Db, { sub: id, sid, signedInAt }: SessionClaims): Promise<StaffContext | null> {
  // One plain statement on every request (a prepared one on a PostgreSQL server): the
  // generated client's planning of the same lookup cost more CPU than the lookup.
  const rows = await db.$queryRaw<{ id: string; email: string; name: string; role: StaffRole; timeZone: string; disabled: boolean; revoked: boolean }[]>(
    planOnce(Prisma.sql`
      SELECT s.id, s.email, s.name, s.role::text AS role, s.time_zone AS "timeZone", s.disabled_at IS NOT NULL AS disabled,
             EXISTS (SELECT 1 FROM revoked_staff_sessions r WHERE r.sid = ${sid}::text AND r.staff_id = s.id)
               OR s.sessions_revoked_at > to_timestamp(${signedInAt}::float8) AS revoked
        FROM staff_users s WHERE s.id = ${id}::text`),
  );
  const staff = rows[0];
  // A session that signed out stays signed out, even if a late response handed the
  // browser a refreshed cookie; so does every session of a staff user disabled since it
  // signed in, even once they are enabled again.
  if (!staff || staff.disabled || staff.revoked || !(staff.role in ROLE_PERMISSIONS)) return null;
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, permissions: ROLE_PERMISSIONS[staff.role], timeZone: staff.timeZone };
}

/**
 * The session's claims: from the proxy's sealed header (decoded once per request,
 * ./proxy-session.ts), else from Auth.js itself (a request the proxy did not see).
 */
export const getSessionClaims = cache(async (): Promise<SessionClaims | null> => {
  const sealed = openSessionClaims((await headers()).get(SESSION_CLAIMS_HEADER));
  if (sealed) return sealed;
  const session = await auth();
  const id = session?.user?.id;
  // A token without a session id or past its absolute lifetime is no session at all.
  if (!id || !isSessionCurrent(session.sid, session.signedInAt)) return null;
  return { sub: id, sid: session.sid ?? "", signedInAt: session.signedInAt ?? 0 };
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
