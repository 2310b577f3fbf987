"use server";
// Revokes a personal access token: its owner may revoke their own, an admin (staff.manage)
// anyone's. The next call with it is refused (the API reads the row on every call).
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { can } from "@/lib/auth/permissions";
import { revokePersonalTokenInput } from "@/lib/validation/staff-api";

export const revokePersonalTokenAction = defineAction({
  name: "staff.revoke_token",
  permission: "preferences.edit_own",
  input: revokePersonalTokenInput,
  async run({ tx, actor, input, now }) {
    const token = await tx.personalAccessToken.findUnique({
      where: { id: input.tokenId },
      select: { id: true, staffId: true, name: true, tokenPrefix: true, revokedAt: true },
    });
    // Someone else's token is "not found" to a non-admin: ids tell nothing.
    if (!token || (token.staffId !== actor.id && !can(actor.role, "staff.manage"))) return refuse("NOT_FOUND", "No such token.");
    const detail = { tokenId: token.id, tokenName: token.name, tokenPrefix: token.tokenPrefix, ownerId: token.staffId };
    if (token.revokedAt) return refuse("CONFLICT", "This token is already revoked.", "ALREADY_REVOKED", { detail });
    await tx.personalAccessToken.update({ where: { id: token.id }, data: { revokedAt: now, revokedById: actor.id } });
    return done({ tokenId: token.id }, { detail });
  },
});
