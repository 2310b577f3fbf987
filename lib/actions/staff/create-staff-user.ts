"use server";

import { defineAction, done, refuse } from "@/lib/actions/define-action";
import { hashPassword } from "@/lib/auth/passwords";
import { Prisma } from "@/lib/generated/prisma/client";
import { createStaffUserInput } from "@/lib/validation/staff";

const DUPLICATE_EMAIL = "A staff user with this email already exists.";

// Two admins creating the same address at once both pass the look-up; the unique index
// stops the second. With the pg driver adapter, Prisma reports it as P2002 and keeps
// the database's account of it under meta.driverAdapterError.cause.
function isDuplicateEmailError(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  const cause: unknown = (error.meta?.driverAdapterError as { cause?: unknown } | undefined)?.cause;
  if (typeof cause !== "object" || cause === null || !("constraint" in cause)) return true;
  const constraint = (cause as { constraint?: { fields?: string[]; index?: string } }).constraint;
  if (!constraint) return true;
  return (
    constraint.index === "staff_users_email_key" ||
    constraint.index === "staff_users_email_lower_key" ||
    Boolean(constraint.fields?.includes("email") || constraint.fields?.includes("email_lower"))
  );
}

export const createStaffUserAction = defineAction({
  name: "staff.create",
  permission: "staff.manage",
  input: createStaffUserInput,
  async run({ tx, actor, input }) {
    // email_lower is lower(email) for every row (a trigger keeps it), so this exact
    // match also finds older users whose email holds capitals; never a pattern.
    const existing = await tx.staffUser.findUnique({ where: { emailLower: input.email.toLowerCase() }, select: { id: true } });
    if (existing) return refuse("CONFLICT", DUPLICATE_EMAIL, "DUPLICATE_EMAIL");

    const passwordHash = await hashPassword(input.password);
    try {
      const created = await tx.staffUser.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash, createdById: actor.id },
        select: { id: true, email: true, name: true, role: true },
      });
      return done(created, { detail: { staffUserId: created.id, email: created.email, role: created.role } });
    } catch (error) {
      if (isDuplicateEmailError(error)) return refuse("CONFLICT", DUPLICATE_EMAIL, "DUPLICATE_EMAIL");
      throw error;
    }
  },
});
