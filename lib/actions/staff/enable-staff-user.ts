"use server";

import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { lockStaffForChange } from "@/lib/data/staff/lock-staff-for-change";
import { demoStaffAllowed, hasPublishedDemoPassword } from "@/lib/staff/bootstrap";
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
    // Re-enabling a demo sign-in would reopen a door whose key is in the README.
    if (!demoStaffAllowed() && (await hasPublishedDemoPassword(tx, target.id))) {
      return refuse(
        "REFUSED",
        `${target.email} is a demo sign-in whose password is published in the README, so it stays disabled outside a demo. Create real staff users instead (ALLOW_DEMO_STAFF=1 only on a demo deployment).`,
        "DEMO_STAFF",
      );
    }
    const updated = await tx.staffUser.update({
      where: { id: target.id },
      data: { disabledAt: null },
      select: { id: true },
    });
    return done(updated, { detail: { staffUserId: target.id, email: target.email, role: target.role } });
  },
});
