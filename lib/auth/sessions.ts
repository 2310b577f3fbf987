// Staff session rules shared by Auth.js's callbacks and the per-request staff lookup.
// A JWT cannot be taken back, so the console keeps three facts of its own: a session id
// (`sid`) fixed at sign-in and checked against revoked_staff_sessions on every request,
// the sign-in time, which bounds the session's whole life (a cookie Auth.js re-issues,
// say from /api/auth/session, gets a fresh maxAge, so the cookie's own expiry cannot be
// the bound; the proxy never re-issues it, lib/auth/proxy-session.ts), and nothing else:
// a token without either is not a console session.
import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Db } from "@/lib/db/prisma";
import type { RequestMeta } from "@/lib/http/client-address";
import { config } from "@/lib/config";

/** A session's absolute lifetime from sign-in, in seconds (SESSION_MAX_AGE_HOURS, default 8). */
export function sessionMaxAgeSeconds(): number {
  return config().SESSION_MAX_AGE_HOURS * 3600;
}

/**
 * Whether a token's or session's claims make a console session still within its absolute
 * lifetime: a session id, and a sign-in time (seconds since the epoch) not too long ago.
 */
export function isSessionCurrent(sid: unknown, signedInAt: unknown, nowMs = Date.now()): boolean {
  if (typeof sid !== "string" || sid.length === 0) return false;
  if (typeof signedInAt !== "number" || !Number.isFinite(signedInAt)) return false;
  const ageSeconds = nowMs / 1000 - signedInAt;
  // A sign-in time in the future (beyond clock skew) is not one we issued.
  return ageSeconds > -300 && ageSeconds <= sessionMaxAgeSeconds();
}

/**
 * Ends a session for good: its id goes into revoked_staff_sessions and the sign-out is
 * audited, once, however many of the sign-out paths (the console's button, Auth.js's own
 * POST /api/auth/signout) run for it.
 */
export async function endSession(db: Db, session: { sid: string; staffId: string; email: string }, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    const revoked = await tx.revokedStaffSession.createMany({ data: [{ sid: session.sid, staffId: session.staffId }], skipDuplicates: true });
    if (revoked.count === 0) return;
    await writeAudit(tx, { actor: { id: session.staffId, email: session.email }, action: "auth.sign_out", outcome: "DONE", ...meta });
  });
}
