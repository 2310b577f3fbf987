import "server-only";
import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Db } from "@/lib/db/prisma";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import type { RequestMeta } from "@/lib/http/client-address";
import { DEFAULT_LOCKOUT, lockedUntil, type LockoutPolicy } from "./lockout";
import { verifyPassword } from "./passwords";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export type SignInResult =
  | { ok: true; staff: { id: string; email: string; name: string; role: StaffRole } }
  | { ok: false; code: "INVALID" | "LOCKED"; lockedUntil?: Date };

/**
 * Checks a console sign-in. Every outcome is audited; failures are counted for the
 * lockout. The caller shows only "email or password is wrong" or "temporarily locked",
 * whatever the reason (unknown email, disabled user, wrong password), so the answer
 * never tells a guesser which staff emails exist.
 */
export async function verifyStaffCredentials(
  db: Db,
  raw: unknown,
  meta: RequestMeta,
  now = new Date(),
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): Promise<SignInResult> {
  const parsed = signInInput.safeParse(raw);
  const typedEmail = typeof (raw as { email?: unknown } | null)?.email === "string" ? String((raw as { email: string }).email).slice(0, 254) : "";
  if (!parsed.success) {
    await writeAudit(db, { actor: { id: null, email: typedEmail }, action: "auth.sign_in", outcome: "REFUSED", code: "INVALID_INPUT", ...meta });
    return { ok: false, code: "INVALID" };
  }
  const { email, password } = parsed.data;
  const since = new Date(now.getTime() - policy.windowMs);
  const [emailFailures, ipFailures] = await Promise.all([
    db.staffSignInFailure.findMany({ where: { emailLower: email, occurredAt: { gte: since } }, select: { occurredAt: true } }),
    db.staffSignInFailure.findMany({ where: { ip: meta.ip, occurredAt: { gte: since } }, select: { occurredAt: true } }),
  ]);
  const until = lockedUntil({ email: emailFailures.map((f) => f.occurredAt), ip: ipFailures.map((f) => f.occurredAt) }, now, policy);
  const staff = await db.staffUser.findFirst({
    where: { email: { equals: email, mode: "insensitive" } },
    omit: { passwordHash: false },
  });
  const actor = staff ? { id: staff.id, email: staff.email } : { id: null, email };
  if (until) {
    // Locked attempts are not counted again, or a guesser could keep the lock alive.
    await writeAudit(db, { actor, action: "auth.sign_in", outcome: "REFUSED", code: "LOCKED", ...meta });
    return { ok: false, code: "LOCKED", lockedUntil: until };
  }
  // Always verify (against a dummy hash when there is no such user) to keep timing flat.
  const passwordOk = await verifyPassword(staff?.passwordHash ?? null, password);
  if (!staff || !passwordOk || staff.disabledAt) {
    const code = !staff ? "UNKNOWN_EMAIL" : !passwordOk ? "WRONG_PASSWORD" : "DISABLED";
    await db.$transaction([
      db.staffSignInFailure.create({ data: { emailLower: email, ip: meta.ip, occurredAt: now } }),
      db.auditEntry.create({
        data: { actorId: actor.id, actorEmail: actor.email, action: "auth.sign_in", outcome: "REFUSED", code, ip: meta.ip, userAgent: meta.userAgent },
      }),
    ]);
    return { ok: false, code: "INVALID" };
  }
  await db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: staff.id }, data: { lastSignInAt: now } });
    await writeAudit(tx, { actor, action: "auth.sign_in", outcome: "DONE", ...meta });
  });
  return { ok: true, staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role } };
}
