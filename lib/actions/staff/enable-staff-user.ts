"use server";

import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { lockStaffForChange } from "@/lib/data/staff/lock-staff-for-change";
import { staffUserIdInput } from "@/lib/validation/staff";

export const enableStaffUserAction = defineAction({
  name: "staff.enable",
  permission: "staff.manage",
  input: staffUserIdInput,
  async run({ tx, input }) {
    // Locked like the other changes so an enable and a disable of the same user queue
    // up instead of interleaving.
    const { target } = await lockStaffForChange(tx, input.staffUserId);
    if (!target) return refuse("NOT_FOUND", "There is no staff user with this id; reload the page.", "STAFF_NOT_FOUND");
    if (!target.disabledAt) return refuse("REFUSED", `${target.name} is already enabled; nothing was changed.`, "UNCHANGED");
    const updated = await tx.staffUser.update({
      where: { id: target.id },
      data: { disabledAt: null },
      select: { id: true },
    });
    return done(updated, { detail: { staffUserId: target.id, email: target.email, role: target.role } });
  },
});
