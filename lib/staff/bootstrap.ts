// Staff users made from the command line, for a real deployment: the first admin (there
// is no other way to get one on a PostgreSQL server but the demo seed, whose passwords
// are public), and the check that refuses to serve while a demo sign-in still works.
// No `server-only` here: the launcher and `npm run staff:create` run it under tsx.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { createStaffUserInput } from "@/lib/validation/staff";
import { DEMO_STAFF } from "./demo-staff";
import { config, type Config } from "@/lib/config";

/** What `npm run staff:create` takes (the password is optional: one is generated). */
export const bootstrapStaffInput = createStaffUserInput.extend({
  role: z.enum(["AGENT", "LEAD", "ADMIN"], { error: "Choose a role: agent, lead or admin." }),
  password: createStaffUserInput.shape.password.optional(),
});
export type BootstrapStaffInput = z.input<typeof bootstrapStaffInput>;

export type BootstrapResult = { ok: true; id: string; email: string; role: string; generatedPassword: string | null } | { ok: false; message: string };

/** A password for a new staff user: 24 random bytes, URL-safe, about 190 bits. */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Creates a staff user and its audit entry in one transaction. The audit entry has no
 * actor id (nobody was signed in) and names the command, so the trail says how the first
 * admin came to be.
 */
export async function bootstrapStaffUser(db: Db, raw: unknown, meta: { osUser: string }): Promise<BootstrapResult> {
  const parsed = bootstrapStaffInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n") };
  const input = parsed.data;
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? "");
  try {
    const created = await db.$transaction(async (tx) => {
      const user = await tx.staffUser.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: { id: true, email: true, role: true },
      });
      await tx.auditEntry.create({
        data: {
          actorId: null,
          actorEmail: `cli:${meta.osUser}`.slice(0, 200),
          action: "staff.create",
          outcome: "DONE",
          detail: { staffUserId: user.id, email: user.email, role: user.role, via: "npm run staff:create" },
          ip: "unknown",
        },
      });
      return user;
    });
    return { ok: true, ...created, generatedPassword };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, message: `A staff user with the email ${input.email} already exists.` };
    }
    throw error;
  }
}

/**
 * Whether the published demo sign-ins may be used: on the embedded demo database that
 * `npm start` runs without DATABASE_URL, or where the operator says this is a demo
 * deployment (ALLOW_DEMO_STAFF=1). Anywhere else (a PostgreSQL server, a bare `next
 * start` that no launcher vouched for) they are refused at sign-in and cannot be
 * re-enabled, not only by the launcher's check at start.
 */
export function demoStaffAllowed(c: Config = config()): boolean {
  return c.ALLOW_DEMO_STAFF || c.CONSOLE_DATABASE_MODE === "embedded";
}

/**
 * The published demo sign-ins, for the sign-in page's hint: on the embedded demo
 * database only (`npm start` without DATABASE_URL), never on a server, even one with
 * ALLOW_DEMO_STAFF=1, where a visitor has no business being told a password.
 */
export function demoSignInHints(c: Config = config()): readonly { role: string; email: string; password: string }[] {
  return c.CONSOLE_DATABASE_MODE === "embedded" ? DEMO_STAFF.map(({ role, email, password }) => ({ role, email, password })) : [];
}

/** Whether this email (lower-cased) and password are one of the pairs the README publishes. */
export function isPublishedDemoSignIn(emailLower: string, password: string): boolean {
  return DEMO_STAFF.some((s) => s.email.toLowerCase() === emailLower && s.password === password);
}

/** Whether this staff user is a demo sign-in whose password is still the published one. */
export async function hasPublishedDemoPassword(db: Pick<Db, "staffUser">, staffId: string): Promise<boolean> {
  const row = await db.staffUser.findUnique({ where: { id: staffId }, select: { emailLower: true, passwordHash: true } });
  const demo = row ? DEMO_STAFF.find((s) => s.email.toLowerCase() === row.emailLower) : undefined;
  return Boolean(demo && row?.passwordHash && (await verifyPassword(row.passwordHash, demo.password)));
}

/**
 * The demo staff users that can still sign in with their published password (enabled,
 * and the password never changed). On a real server any of them is a door anybody who
 * read the README can open.
 */
export async function usableDemoStaff(db: Db): Promise<string[]> {
  const rows = await db.staffUser.findMany({
    where: { emailLower: { in: DEMO_STAFF.map((s) => s.email.toLowerCase()) }, disabledAt: null },
    // Secrets are omitted by default (see createPrismaClient); this check needs the hash.
    omit: { passwordHash: false },
  });
  const usable: string[] = [];
  for (const row of rows) {
    const demo = DEMO_STAFF.find((s) => s.email.toLowerCase() === row.emailLower);
    if (demo && row.passwordHash && (await verifyPassword(row.passwordHash, demo.password))) usable.push(demo.email);
  }
  return usable;
}

/**
 * Why `npm start` must not serve this server database, or null. A demo sign-in whose
 * published password still works is a door anybody who read the README can open, so
 * the launcher refuses unless ALLOW_DEMO_STAFF=1 says this is a demo deployment.
 */
export async function demoStaffRefusal(db: Db, allowDemoStaff: boolean): Promise<string | null> {
  if (allowDemoStaff) return null;
  const usable = await usableDemoStaff(db);
  if (usable.length === 0) return null;
  return (
    `refusing to serve: the demo staff sign-in${usable.length === 1 ? "" : "s"} ${usable.join(", ")} still work${usable.length === 1 ? "s" : ""} ` +
    "with the password published in the README. Disable them or change their passwords on /staff (create real staff with " +
    "`npm run staff:create`), or set ALLOW_DEMO_STAFF=1 if this is a demo deployment."
  );
}
