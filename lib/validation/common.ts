import { z } from "zod";

/** A customer account id as typed or sent: a positive integer. */
export const accountId = z.coerce.number({ error: "Enter an account id (a number)." }).int().positive().max(2_147_483_647);

/** The support ticket an action is done for: required so the audit trail explains itself. */
export const ticketRef = z
  .string({ error: "Enter the ticket reference." })
  .trim()
  .min(1, "Enter the ticket reference.")
  .max(64, "A ticket reference has at most 64 characters.")
  .regex(/^[\w#./:-]+$/, "Use letters, digits and # . / : - _ only.");
