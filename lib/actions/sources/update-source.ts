"use server";
// Changes what a source's token may do (scopes) and which event types it may send.
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { updateSourceInput } from "@/lib/validation/sources";

export const updateSourceAction = defineAction({
  name: "source.update",
  permission: "sources.manage",
  input: updateSourceInput,
  async run({ tx, input }) {
    const source = await tx.eventSource.findUnique({
      where: { id: input.sourceId },
      select: { id: true, name: true, revokedAt: true, scopes: true, allowedTypes: true },
    });
    if (!source) return refuse("NOT_FOUND", "No source has this id. Reload the page.", "SOURCE_NOT_FOUND");
    if (source.revokedAt) return refuse("REFUSED", "This source is revoked; there is nothing left to change.", "SOURCE_REVOKED");
    await tx.eventSource.update({ where: { id: source.id }, data: { scopes: input.scopes, allowedTypes: input.allowedTypes }, select: { id: true } });
    return done(
      { id: source.id, name: source.name, scopes: input.scopes, allowedTypes: input.allowedTypes },
      {
        detail: {
          sourceId: source.id,
          name: source.name,
          before: { scopes: source.scopes, allowedTypes: source.allowedTypes },
          after: { scopes: input.scopes, allowedTypes: input.allowedTypes },
        },
      },
    );
  },
});
