"use server";
// A staff member creates a personal access token for the staff API, for themselves only
// (the actor is the owner: no id in the input to tamper with). The secret is in the answer
// once and nowhere else: the row keeps its hash, the audit entry its name and prefix.
import { defineAction, done } from "@/lib/actions/define-action";
import { newPersonalToken } from "@/lib/staff-api/tokens";
import { createPersonalTokenInput } from "@/lib/validation/staff-api";

const DAY_MS = 86_400_000;

export interface CreatedPersonalToken {
  id: number;
  /** Shown once. */
  token: string;
  prefix: string;
  name: string;
  expiresAt: string;
}

export const createPersonalTokenAction = defineAction({
  name: "staff.create_token",
  permission: "preferences.edit_own",
  input: createPersonalTokenInput,
  async run({ tx, actor, input, now }) {
    const secret = newPersonalToken();
    const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
    const row = await tx.personalAccessToken.create({
      data: { staffId: actor.id, name: input.name, tokenHash: secret.hash, tokenPrefix: secret.prefix, scopes: input.scopes, createdAt: now, expiresAt },
      select: { id: true },
    });
    return done<CreatedPersonalToken>(
      { id: row.id, token: secret.token, prefix: secret.prefix, name: input.name, expiresAt: expiresAt.toISOString() },
      { detail: { tokenId: row.id, tokenName: input.name, tokenPrefix: secret.prefix, scopes: input.scopes, expiresAt: expiresAt.toISOString() } },
    );
  },
});
