"use server";
// Revokes a source: every token it has (the current one and one in its grace period)
// stops working at once, for good. The row stays, for its counts and the audit trail.
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { revokeSourceInput } from "@/lib/validation/sources";

export const revokeSourceAction = defineAction({
  name: "source.revoke",
  permission: "sources.manage",
  input: revokeSourceInput,
  async run({ tx, input, now }) {
    const source = await tx.eventSource.findUnique({ where: { id: input.sourceId }, select: { id: true, name: true, revokedAt: true } });
    if (!source) return refuse("NOT_FOUND", "No source has this id. Reload the page.", "SOURCE_NOT_FOUND");
    // Conditional, so a second admin's click finds it revoked rather than moving the date.
    const revoked = await tx.eventSource.updateMany({ where: { id: source.id, revokedAt: null }, data: { revokedAt: now } });
    if (revoked.count === 0) return refuse("CONFLICT", `${source.name} is already revoked.`, "SOURCE_REVOKED");
    return done({ id: source.id, name: source.name, revokedAt: now.toISOString() }, { detail: { sourceId: source.id, name: source.name } });
  },
});
