"use server";

import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { isLastEnabledAdmin, lockStaffForChange } from "@/lib/data/staff/lock-staff-for-change";
import { changeStaffRoleInput } from "@/lib/validation/staff";

export const changeStaffRoleAction = defineAction({
  name: "staff.change_role",
  permission: "staff.manage",
  input: changeStaffRoleInput,
  async run({ tx, input }) {
    const locked = await lockStaffForChange(tx, input.staffUserId);
    const target = locked.target;
    if (!target) return refuse("NOT_FOUND", "There is no staff user with this id; reload the page.", "STAFF_NOT_FOUND");
    if (target.role === input.role) {
      return refuse("REFUSED", `${target.name} is already ${ROLE_LABELS[input.role]}; nothing was changed.`, "UNCHANGED");
    }
    // Applies to the acting admin too: someone must always be able to manage staff.
    if (input.role !== "ADMIN" && isLastEnabledAdmin(locked, target.id)) {
      return refuse(
        "REFUSED",
        `${target.name} is the only enabled admin. Make another staff user an admin first, so someone can still manage staff.`,
        "LAST_ADMIN",
      );
    }
    const updated = await tx.staffUser.update({
      where: { id: target.id },
      data: { role: input.role },
      select: { id: true, role: true },
    });
    return done(updated, { detail: { staffUserId: target.id, email: target.email, from: target.role, to: updated.role } });
  },
});
