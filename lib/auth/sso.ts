import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Db } from "@/lib/db/prisma";
import type { StaffRole } from "@/lib/generated/prisma/enums";

export interface SsoIdentity {
  /** The identity provider's stable subject (`sub`). */
  subject: string | null;
  email: string | null;
  /** The provider's `email_verified` claim: only `true` counts. */
  emailVerified: unknown;
}

export type SsoResult =
  | { ok: true; staff: { id: string; email: string; name: string; role: StaffRole }; bound: boolean }
  | { ok: false; code: "NO_SUBJECT" | "UNKNOWN_EMAIL" | "EMAIL_NOT_VERIFIED" | "SUBJECT_MISMATCH" | "DISABLED" };

/**
 * Maps an identity provider's user to a staff user; anybody else is turned away (and
 * audited), whatever the provider vouches for.
 *
 * The first sign-in matches the provider's *verified* email exactly against the staff
 * user's lower-cased email and binds the provider's subject to that staff user; later
 * sign-ins match by subject alone. So a provider account whose email was changed to a
 * staff member's, or an unverified address, cannot take a staff user over, and a staff
 * user already bound to one provider identity cannot be claimed by another.
 */
export async function resolveSsoStaff(db: Db, identity: SsoIdentity): Promise<SsoResult> {
  const email = identity.email?.trim().toLowerCase() ?? "";
  const result = await match(db, identity, email);
  const staff = result.ok ? result.staff : null;
  await writeAudit(db, {
    actor: staff ? { id: staff.id, email: staff.email } : { id: null, email },
    action: "auth.sign_in",
    outcome: result.ok ? "DONE" : "REFUSED",
    code: result.ok ? null : result.code,
    detail: { provider: "sso", ...(result.ok && result.bound ? { boundSubject: true } : {}) },
  });
  return result;
}

async function match(db: Db, identity: SsoIdentity, email: string): Promise<SsoResult> {
  const select = { id: true, email: true, name: true, role: true, disabledAt: true, ssoSubject: true } as const;
  const subject = identity.subject?.trim() ?? "";
  if (!subject) return { ok: false, code: "NO_SUBJECT" };
  const bound = await db.staffUser.findUnique({ where: { ssoSubject: subject }, select });
  if (bound) {
    if (bound.disabledAt) return { ok: false, code: "DISABLED" };
    return { ok: true, staff: bound, bound: false };
  }
  const staff = email ? await db.staffUser.findUnique({ where: { emailLower: email }, select }) : null;
  if (!staff) return { ok: false, code: "UNKNOWN_EMAIL" };
  if (identity.emailVerified !== true) return { ok: false, code: "EMAIL_NOT_VERIFIED" };
  if (staff.ssoSubject !== null) return { ok: false, code: "SUBJECT_MISMATCH" };
  if (staff.disabledAt) return { ok: false, code: "DISABLED" };
  // Bind only if nobody bound it in the meantime (two first sign-ins racing).
  const claimed = await db.staffUser.updateMany({ where: { id: staff.id, ssoSubject: null }, data: { ssoSubject: subject } });
  if (claimed.count !== 1) return { ok: false, code: "SUBJECT_MISMATCH" };
  return { ok: true, staff, bound: true };
}
