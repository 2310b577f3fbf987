import "server-only";
// Sign-ins refused because of the lockout are audited at most once a minute per typed
// email and client address. Locked attempts cost no password check, so a client can send
// them as fast as it likes, and one entry each grew the trail by about 22 rows a second.
// The evidence stays: the entry written when a new minute starts carries how many
// refusals of that pair came since the previous entry, and when the first and last were
// (staff_sign_in_refusals holds the count in between).
import { writeAudit, type AuditInput } from "@/lib/audit/write-audit";
import type { Db } from "@/lib/db/prisma";
import type { RequestMeta } from "@/lib/http/client-address";

/** At most one audit entry per typed email and address in this long. */
export const LOCKED_ENTRY_EVERY_MS = 60_000;

interface RefusalRow {
  entryAt: Date;
  repeats: number;
  firstRepeatAt: Date | null;
  lastRepeatAt: Date | null;
}

/** Audits one locked sign-in, or counts it toward the next entry. True when an entry was written. */
export async function auditLockedSignIn(db: Db, actor: AuditInput["actor"], emailLower: string, meta: RequestMeta, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Never written before: due at once.
    await tx.staffSignInRefusal.createMany({ data: [{ emailLower, ip: meta.ip, entryAt: new Date(0) }], skipDuplicates: true });
    // Locked, so two refusals of the same pair at once cannot both write an entry.
    const [row] = await tx.$queryRaw<RefusalRow[]>`
      SELECT entry_at AS "entryAt", repeats, first_repeat_at AS "firstRepeatAt", last_repeat_at AS "lastRepeatAt"
        FROM staff_sign_in_refusals WHERE email_lower = ${emailLower} AND ip = ${meta.ip} FOR UPDATE`;
    const key = { emailLower_ip: { emailLower, ip: meta.ip } };
    if (row && now.getTime() - row.entryAt.getTime() < LOCKED_ENTRY_EVERY_MS) {
      await tx.staffSignInRefusal.update({
        where: key,
        data: { repeats: { increment: 1 }, firstRepeatAt: row.firstRepeatAt ?? now, lastRepeatAt: now },
      });
      return false;
    }
    await writeAudit(tx, {
      actor,
      action: "auth.sign_in",
      outcome: "REFUSED",
      code: "LOCKED",
      ...(row?.repeats
        ? {
            detail: {
              // Refusals of this email from this address since the previous entry, not audited one by one.
              repeats: row.repeats,
              firstRepeatAt: row.firstRepeatAt?.toISOString() ?? null,
              lastRepeatAt: row.lastRepeatAt?.toISOString() ?? null,
            },
          }
        : {}),
      ...meta,
    });
    await tx.staffSignInRefusal.update({ where: key, data: { entryAt: now, repeats: 0, firstRepeatAt: null, lastRepeatAt: null } });
    return true;
  });
}
