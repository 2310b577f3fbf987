"use server";
// Gives a source a new token and keeps the current one working for a grace period, so
// the sending system can roll its configuration without a gap. A token still in an
// earlier grace period stops at once: only one previous token is kept.
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { rotateSourceInput, type IssuedSourceToken } from "@/lib/validation/sources";

export const rotateSourceAction = defineAction({
  name: "source.rotate",
  permission: "sources.manage",
  input: rotateSourceInput,
  async run({ tx, input, now }) {
    // Locked, so two admins rotating at once end with one new token and a consistent previous one.
    const rows = await tx.$queryRaw<{ id: number; name: string; tokenHash: string; tokenPrefix: string; revokedAt: Date | null }[]>`
      SELECT id, name, token_hash AS "tokenHash", token_prefix AS "tokenPrefix", revoked_at AS "revokedAt"
        FROM event_sources WHERE id = ${input.sourceId}::int4 FOR UPDATE`;
    const source = rows[0];
    if (!source) return refuse("NOT_FOUND", "No source has this id. Reload the page.", "SOURCE_NOT_FOUND");
    if (source.revokedAt) return refuse("REFUSED", "This source is revoked: its tokens never work again. Create a new source instead.", "SOURCE_REVOKED");
    const issued = newSourceToken();
    const graceMs = input.graceHours * 3_600_000;
    const previousTokenExpiresAt = graceMs > 0 ? new Date(now.getTime() + graceMs) : null;
    await tx.eventSource.update({
      where: { id: source.id },
      data: {
        tokenHash: issued.hash,
        tokenPrefix: issued.prefix,
        previousTokenHash: previousTokenExpiresAt ? source.tokenHash : null,
        previousTokenPrefix: previousTokenExpiresAt ? source.tokenPrefix : null,
        previousTokenExpiresAt,
        rotatedAt: now,
      },
      select: { id: true },
    });
    const answer: IssuedSourceToken = {
      id: source.id,
      name: source.name,
      token: issued.token,
      tokenPrefix: issued.prefix,
      previousTokenExpiresAt: previousTokenExpiresAt?.toISOString() ?? null,
    };
    return done(answer, {
      detail: {
        sourceId: source.id,
        name: source.name,
        tokenPrefix: issued.prefix,
        previousTokenPrefix: source.tokenPrefix,
        graceHours: input.graceHours,
        previousTokenExpiresAt: answer.previousTokenExpiresAt ?? null,
      },
    });
  },
});
