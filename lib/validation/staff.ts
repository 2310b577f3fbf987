// Input for the admin's staff-management actions, shared by the server actions and the
// forms. The password limits come from an Argon2-free module, so this file is safe in a
// client bundle.
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { ROLES } from "@/lib/auth/permissions";

/** RFC 5321 caps a forward path at 254 characters; longer cannot be delivered. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 100;
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

const staffRole = z.enum(ROLES, { error: "Choose a role: agent, team lead or admin." });

// Staff ids are cuids; the limit only keeps garbage out of the query and the audit.
const staffUserId = z.string({ error: "Pick a staff user." }).trim().min(1, "Pick a staff user.").max(64, "That is not a staff user id.");

export const createStaffUserInput = z.object({
  // Lower-cased so the unique index also rejects the same address typed in another case
  // (and sign-in, which lower-cases what is typed, finds the user).
  email: z
    .string({ error: "Enter an email address." })
    .trim()
    .toLowerCase()
    .min(1, "Enter an email address.")
    .max(MAX_EMAIL_LENGTH, `An email address has at most ${MAX_EMAIL_LENGTH} characters.`)
    .pipe(z.email("Enter a valid email address.")),
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(MAX_NAME_LENGTH, `A name has at most ${MAX_NAME_LENGTH} characters.`),
  role: staffRole,
  // Not trimmed: spaces are legitimate password characters.
  password: z
    .string({ error: "Enter an initial password." })
    .min(MIN_PASSWORD_LENGTH, `The initial password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `The initial password has at most ${MAX_PASSWORD_LENGTH} characters.`),
});
export type CreateStaffUserInput = z.infer<typeof createStaffUserInput>;

export const changeStaffRoleInput = z.object({ staffUserId, role: staffRole });
export type ChangeStaffRoleInput = z.infer<typeof changeStaffRoleInput>;

export const staffUserIdInput = z.object({ staffUserId });
export type StaffUserIdInput = z.infer<typeof staffUserIdInput>;
