"use server";

import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { isLastEnabledAdmin, lockStaffForChange } from "@/lib/data/staff/lock-staff-for-change";
import { staffUserIdInput } from "@/lib/validation/staff";

export const disableStaffUserAction = defineAction({
  name: "staff.disable",
  permission: "staff.manage",
  input: staffUserIdInput,
  async run({ tx, actor, input, now }) {
    const locked = await lockStaffForChange(tx, input.staffUserId);
    const target = locked.target;
    if (!target) return refuse("NOT_FOUND", "There is no staff user with this id; reload the page.", "STAFF_NOT_FOUND");
    if (target.disabledAt) return refuse("REFUSED", `${target.name} is already disabled; nothing was changed.`, "UNCHANGED");
    // Checked before "yourself" because it says more: there is no other admin to ask.
    // Also reachable for someone else if the actor was demoted after the wrapper read
    // their role (the lock only sees admins as of now).
    if (isLastEnabledAdmin(locked, target.id)) {
      return refuse(
        "REFUSED",
        `${target.name} is the only enabled admin. Make another staff user an admin first, so someone can still manage staff.`,
        "LAST_ADMIN",
      );
    }
    // Disabling yourself ends your session mid-task; another admin should decide it.
    if (target.id === actor.id) {
      return refuse("REFUSED", "You cannot disable your own account. Ask another admin to do it.", "SELF");
    }
    // The session code re-reads disabledAt on every request, so this takes effect at once;
    // sessionsRevokedAt ends their sessions for good, so re-enabling them later does not
    // bring those sessions back (they sign in again).
    const updated = await tx.staffUser.update({
      where: { id: target.id },
      data: { disabledAt: now, sessionsRevokedAt: now },
      select: { id: true, disabledAt: true },
    });
    return done(
      { id: updated.id, disabledAt: updated.disabledAt?.toISOString() ?? now.toISOString() },
      { detail: { staffUserId: target.id, email: target.email, role: target.role } },
    );
  },
});
