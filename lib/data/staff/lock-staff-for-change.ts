import "server-only";
import type { Tx } from "@/lib/db/prisma";
import type { StaffRole } from "@/lib/generated/prisma/enums";

export interface LockedStaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabledAt: Date | null;
}

export interface LockedStaff {
  /** The staff user the action is about, or null if there is none with that id. */
  target: LockedStaffUser | null;
  /** Every enabled admin, as of the lock: the set "leave at least one admin" counts. */
  enabledAdminIds: string[];
}

/**
 * Locks the target staff user and every enabled admin (`FOR UPDATE`) for the rest of
 * the caller's transaction, and returns them.
 *
 * Why a lock: counting admins with a plain read lets two admins demote (or disable)
 * each other at the same moment; each transaction sees two admins, each removes one,
 * and nobody can manage staff any more. With the lock the second transaction waits for
 * the first to commit, and PostgreSQL (READ COMMITTED) then re-checks the WHERE clause
 * on the new row versions, so the demoted admin drops out of its result and its count
 * is one. One statement ordered by id takes every lock in the same order in every
 * action, so two actions cannot deadlock on each other.
 */
export async function lockStaffForChange(tx: Tx, staffUserId: string): Promise<LockedStaff> {
  const rows = await tx.$queryRaw<{ id: string; email: string; name: string; role: StaffRole; disabled_at: Date | null }[]>`
    SELECT id, email, name, role::text AS role, disabled_at
    FROM staff_users
    WHERE id = ${staffUserId} OR (role = 'ADMIN' AND disabled_at IS NULL)
    ORDER BY id
    FOR UPDATE`;
  const row = rows.find((r) => r.id === staffUserId);
  return {
    target: row ? { id: row.id, email: row.email, name: row.name, role: row.role, disabledAt: row.disabled_at } : null,
    enabledAdminIds: rows.filter((r) => r.role === "ADMIN" && r.disabled_at === null).map((r) => r.id),
  };
}

/** True when taking `staffUserId` out of the enabled admins would leave none. */
export function isLastEnabledAdmin(locked: LockedStaff, staffUserId: string): boolean {
  return locked.enabledAdminIds.length <= 1 && locked.enabledAdminIds.includes(staffUserId);
}
