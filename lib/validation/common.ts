import { z } from "zod";
import { TICKET_REF_MAX_LENGTH, TICKET_REF_PATTERN } from "@/lib/model/ticket-ref";

/** The largest id of a PostgreSQL `int4` (serial) column. */
export const MAX_RECORD_ID = 2_147_483_647;

/** An id in canonical decimal form: no sign, no leading zero, no exponent, no `0x`. */
export const CANONICAL_ID = /^[1-9][0-9]{0,9}$/;

/**
 * A record id as a URL segment, form field or JSON number: canonical decimal digits or a
 * safe integer, 1 to MAX_RECORD_ID. `z.coerce.number()` took `0x10`, `1e2`, `0b11` and
 * `00241` as real ids, so a garbled id in a ticket opened another customer.
 */
export function recordId(message: string) {
  return z.union(
    [
      z.number({ error: message }).int(message).min(1, message).max(MAX_RECORD_ID, message),
      z.string({ error: message }).regex(CANONICAL_ID, message).transform(Number).pipe(z.number().max(MAX_RECORD_ID, message)),
    ],
    { error: message },
  );
}

/** A customer account id as typed or sent. */
export const accountId = recordId("Enter an account id (a number).");

/** The support ticket an action is done for: required so the audit trail explains itself. */
export const ticketRef = z
  .string({ error: "Enter the ticket reference." })
  .trim()
  .min(1, "Enter the ticket reference.")
  .max(TICKET_REF_MAX_LENGTH, `A ticket reference has at most ${TICKET_REF_MAX_LENGTH} characters.`)
  .regex(TICKET_REF_PATTERN, "Use letters, digits and # . / : - _ only.");

/**
 * A calendar day as `YYYY-MM-DD` that exists: `2026-02-30` matches the pattern, but
 * `Date.parse` rolls it over to 2 March, so the date must read back as itself.
 * `label` starts the messages ("From: …") so they can be shown beside the field.
 */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isoDay(label: string) {
  return z
    .string()
    .regex(ISO_DAY, `${label}: use a date like 2026-01-31.`)
    .refine((value) => {
      // (zod runs this after a failed regex too: that value has its message already.)
      if (!ISO_DAY.test(value)) return true;
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    }, `${label}: that date does not exist.`);
}
