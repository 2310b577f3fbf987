import "server-only";
import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Db } from "@/lib/db/prisma";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { UNKNOWN_ADDRESS, type RequestMeta } from "@/lib/http/client-address";
import { metrics } from "@/lib/metrics/metrics";
import { demoStaffAllowed, isPublishedDemoSignIn } from "@/lib/staff/bootstrap";
import { DEFAULT_LOCKOUT, lockedUntil, type LockoutPolicy } from "./lockout";
import { verifyPassword } from "./passwords";
import { auditLockedSignIn } from "./sign-in-refusals";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export type SignInResult =
  { ok: true; staff: { id: string; email: string; name: string; role: StaffRole } } | { ok: false; code: "INVALID" | "LOCKED"; lockedUntil?: Date };

/**
 * What of a rejected sign-in form may go into the audit trail as the typed email: only
 * a syntactically valid address. People type their password into the email field; that
 * must never end up in the trail.
 */
function typedEmailForAudit(raw: unknown): string {
  const email = typeof raw === "object" && raw !== null && "email" in raw ? raw.email : undefined;
  const parsed = signInInput.shape.email.safeParse(email);
  return parsed.success ? parsed.data : "";
}

type Claim = { attemptId: bigint } | { lockedUntil: Date };

/**
 * Counts the recent failures per typed email, per staff user and per IP and, unless one
 * of them is over its limit, records this attempt as a failure before the password is
 * checked (a success takes the record back). Count and record happen under transaction
 * advisory locks on those three keys, so parallel attempts queue for the count: of 20
 * concurrent wrong passwords exactly the limit reach the (slow) password check, not
 * however many happened to count before the first failure was written. The lock is held
 * only for two small statements, never during the password hash. A locked attempt is not
 * recorded, or a guesser could keep the lock alive forever.
 */
async function claimAttempt(db: Db, key: { email: string; staffId: string | null; ip: string }, now: Date, policy: LockoutPolicy): Promise<Claim> {
  const since = new Date(now.getTime() - policy.windowMs);
  // "unknown" is not an address but every client the console could not place (a bare
  // `next start`, proxy hops set wrong): one bucket for all of them would let 20 wrong
  // guesses lock out every staff member. The per-email and per-user limits still hold.
  const byIp = key.ip !== UNKNOWN_ADDRESS;
  const lockKeys = [`email:${key.email}`, ...(byIp ? [`ip:${key.ip}`] : []), ...(key.staffId ? [`staff:${key.staffId}`] : [])].sort();
  return db.$transaction(async (tx) => {
    // One at a time and in a fixed order, so two attempts never wait on each other crosswise.
    for (const lockKey of lockKeys) {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`staff-sign-in:${lockKey}`}, 0))::text AS locked`;
    }
    const times = (where: object) =>
      tx.staffSignInFailure
        .findMany({ where: { ...where, occurredAt: { gte: since } }, select: { occurredAt: true } })
        .then((rows) => rows.map((r) => r.occurredAt));
    const failures = {
      email: await times({ emailLower: key.email }),
      user: key.staffId ? await times({ staffId: key.staffId }) : [],
      ip: byIp ? await times({ ip: key.ip }) : [],
    };
    const until = lockedUntil(failures, now, policy);
    if (until) return { lockedUntil: until };
    const attempt = await tx.staffSignInFailure.create({
      data: { emailLower: key.email, ip: key.ip, staffId: key.staffId, occurredAt: now },
      select: { id: true },
    });
    return { attemptId: attempt.id };
  });
}

/**
 * Checks a console sign-in. Every outcome is audited; failures are counted for the
 * lockout. The caller shows only "email or password is wrong" or "temporarily locked",
 * whatever the reason (unknown email, disabled user, wrong password), so the answer
 * never tells a guesser which staff emails exist.
 *
 * The lockout holds under concurrency: see claimAttempt.
 */
export async function verifyStaffCredentials(
  db: Db,
  raw: unknown,
  meta: RequestMeta,
  now = new Date(),
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
  demoAllowed = demoStaffAllowed(),
): Promise<SignInResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) {
    await writeAudit(db, { actor: { id: null, email: typedEmailForAudit(raw) }, action: "auth.sign_in", outcome: "REFUSED", code: "INVALID_INPUT", ...meta });
    metrics().signInFailures.inc({ reason: "invalid_input" });
    return { ok: false, code: "INVALID" };
  }
  const { email, password } = parsed.data;
  // Exact match on the lower-cased column: never a pattern.
  const staff = await db.staffUser.findUnique({ where: { emailLower: email }, omit: { passwordHash: false } });
  const actor = staff ? { id: staff.id, email: staff.email } : { id: null, email };

  const claim = await claimAttempt(db, { email, staffId: staff?.id ?? null, ip: meta.ip }, now, policy);
  if ("lockedUntil" in claim) {
    // Throttled: one entry per email and address a minute, with the count (./sign-in-refusals.ts).
    await auditLockedSignIn(db, actor, email, meta, now);
    metrics().signInFailures.inc({ reason: "locked" });
    metrics().lockouts.inc();
    return { ok: false, code: "LOCKED", lockedUntil: claim.lockedUntil };
  }
  // Always verify (against a dummy hash when there is no such user) to keep timing flat.
  const passwordOk = await verifyPassword(staff?.passwordHash ?? null, password);
  if (!staff || !passwordOk || staff.disabledAt) {
    const code = !staff ? "UNKNOWN_EMAIL" : !passwordOk ? "WRONG_PASSWORD" : "DISABLED";
    await writeAudit(db, { actor, action: "auth.sign_in", outcome: "REFUSED", code, ...meta });
    metrics().signInFailures.inc({ reason: code.toLowerCase() });
    return { ok: false, code: "INVALID" };
  }
  // A demo email with its published password is anybody's sign-in: refused outside a
  // demo even when an admin re-enabled the user or nothing ran the launcher's check.
  // Answered like any failure (and counted as one); the trail says why.
  if (!demoAllowed && isPublishedDemoSignIn(email, password)) {
    await writeAudit(db, { actor, action: "auth.sign_in", outcome: "REFUSED", code: "DEMO_STAFF", ...meta });
    metrics().signInFailures.inc({ reason: "demo_staff" });
    return { ok: false, code: "INVALID" };
  }
  await db.$transaction(async (tx) => {
    await tx.staffSignInFailure.deleteMany({ where: { id: claim.attemptId } });
    await tx.staffUser.update({ where: { id: staff.id }, data: { lastSignInAt: now } });
    await writeAudit(tx, { actor, action: "auth.sign_in", outcome: "DONE", ...meta });
  });
  return { ok: true, staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role } };
}
