"use server";

import { defineAction, done } from "@/lib/actions/define-action";
import { setTimeZoneInput } from "@/lib/validation/preferences";

/**
 * A staff member sets the zone they read times in. Only their own: the actor is the
 * target, so there is no id in the input to tamper with.
 */
export const setOwnTimeZoneAction = defineAction({
  name: "staff.set_time_zone",
  permission: "preferences.edit_own",
  input: setTimeZoneInput,
  async run({ tx, actor, input }) {
    const before = await tx.staffUser.findUniqueOrThrow({ where: { id: actor.id }, select: { timeZone: true } });
    const updated = await tx.staffUser.update({ where: { id: actor.id }, data: { timeZone: input.timeZone }, select: { timeZone: true } });
    return done({ timeZone: updated.timeZone }, { detail: { staffUserId: actor.id, timeZone: updated.timeZone, previousTimeZone: before.timeZone } });
  },
});
