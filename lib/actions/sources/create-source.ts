"use server";
// Creates a platform source and answers its token, the only time anyone sees it: the
// database keeps its SHA-256 hash and a short prefix, the audit entry neither.
import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { Prisma } from "@/lib/generated/prisma/client";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { createSourceInput, type IssuedSourceToken } from "@/lib/validation/sources";

const DUPLICATE_NAME = "A source with this name already exists (revoked sources keep their name). Choose another name.";

export const createSourceAction = defineAction({
  name: "source.create",
  permission: "sources.manage",
  input: createSourceInput,
  async run({ tx, actor, input }) {
    const existing = await tx.eventSource.findUnique({ where: { name: input.name }, select: { id: true } });
    if (existing) return refuse("CONFLICT", DUPLICATE_NAME, "DUPLICATE_NAME");
    const issued = newSourceToken();
    try {
      const created = await tx.eventSource.create({
        data: {
          name: input.name,
          tokenHash: issued.hash,
          tokenPrefix: issued.prefix,
          scopes: input.scopes,
          allowedTypes: input.allowedTypes,
          maxEventsPerSecond: input.maxEventsPerSecond,
          createdById: actor.id,
        },
        select: { id: true, name: true, tokenPrefix: true, scopes: true, allowedTypes: true, maxEventsPerSecond: true },
      });
      const answer: IssuedSourceToken = { id: created.id, name: created.name, token: issued.token, tokenPrefix: created.tokenPrefix };
      return done(answer, {
        detail: {
          sourceId: created.id,
          name: created.name,
          tokenPrefix: created.tokenPrefix,
          scopes: created.scopes,
          allowedTypes: created.allowedTypes,
          maxEventsPerSecond: created.maxEventsPerSecond,
        },
      });
    } catch (error) {
      // Two admins creating one name at once: the unique index stops the second.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return refuse("CONFLICT", DUPLICATE_NAME, "DUPLICATE_NAME");
      throw error;
    }
  },
});
