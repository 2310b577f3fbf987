// The audit log's filter, as the page's GET form, its paging links and the CSV export
// send it in the URL. One schema for all three, so the export is exactly the filter the
// lead is looking at.
import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit/action-names";
import { CANONICAL_ID, isoDay } from "./common";
import { parseParams, pickParams, type SearchParams } from "./search-params";

export const AUDIT_OUTCOMES = ["DONE", "REFUSED", "FAILED"] as const;
export const AUDIT_FILTER_FIELDS = ["actor", "action", "outcome", "account", "ticket", "from", "to"] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
type QueryField = AuditFilterField | "cursor" | "limit" | "dir";

/** The log's order by time: newest first (the default) or oldest first. */
export const AUDIT_ORDERS = ["desc", "asc"] as const;
export type AuditOrder = (typeof AUDIT_ORDERS)[number];

export const AUDIT_PAGE_SIZE = 50;
export const MAX_TICKET_FILTER_LENGTH = 64;

const day = isoDay;

const filterShape = {
  // Staff user ids are cuids; the form offers a list, so anything else is an edited URL.
  actor: z
    .string()
    .regex(/^[\w-]{1,64}$/, "Pick a staff user from the list.")
    .optional(),
  action: z.enum(AUDIT_ACTIONS, { error: "Pick an action from the list." }).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: "Pick an outcome from the list." }).optional(),
  account: z
    .string()
    .regex(CANONICAL_ID, "Enter an account id (a number).")
    .transform(Number)
    .pipe(z.number().int().positive("Enter an account id (a number).").max(2_147_483_647, "That account id is too large.")),
  ticket: z.string().max(MAX_TICKET_FILTER_LENGTH, `A ticket reference has at most ${MAX_TICKET_FILTER_LENGTH} characters.`).optional(),
  from: day("From").optional(),
  to: day("To").optional(),
};

const RANGE_MESSAGE = "From must be on or before To.";
// ISO dates compare correctly as text.
const isBackwards = (v: { from?: string | undefined; to?: string | undefined }) => Boolean(v.from && v.to && v.from > v.to);
const checkRange = (v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) => {
  if (isBackwards(v)) ctx.addIssue({ code: "custom", path: ["from"], message: RANGE_MESSAGE });
};

export const auditLogQuery = z
  .object({
    ...filterShape,
    account: filterShape.account.optional(),
    cursor: z.string().max(300, "That page link is not valid.").optional(),
    dir: z.enum(AUDIT_ORDERS, { error: "Sort by time is newest first (desc) or oldest first (asc)." }).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, "Limit must be a number from 1 to 200.")
      .transform(Number)
      .pipe(z.number().int().min(1, "Limit must be a number from 1 to 200.").max(200, "Limit must be a number from 1 to 200."))
      .optional(),
  })
  .superRefine(checkRange);

/**
 * The query, plus the zone its `from`/`to` days are read in: the viewer's own, never the
 * URL's (it comes from their preference, not from what they typed).
 */
export type AuditLogQuery = z.output<typeof auditLogQuery> & { timeZone?: string };
/** The filter alone, with the order the rows come in (what the export uses). */
export type AuditFilter = Omit<AuditLogQuery, "cursor" | "limit">;

export type ParsedAuditLogQuery =
  | { ok: true; query: AuditLogQuery; values: Record<AuditFilterField, string>; errors: Record<string, never> }
  | { ok: false; query: null; values: Record<AuditFilterField, string>; errors: Partial<Record<QueryField, string>> };

/**
 * URL parameters to a validated query, or field errors (never throws), plus the values
 * as typed so the form can show them back. Empty fields (a GET form sends them all)
 * mean "any". The same reader as every list page (search-params.ts).
 */
export function parseAuditLogParams(params: SearchParams | URLSearchParams): ParsedAuditLogQuery {
  const input = pickParams(params, [...AUDIT_FILTER_FIELDS, "cursor", "limit", "dir"]);
  for (const key of Object.keys(input)) input[key] = input[key]?.trim() ?? "";
  const values = Object.fromEntries(AUDIT_FILTER_FIELDS.map((f) => [f, input[f] ?? ""])) as Record<AuditFilterField, string>;
  const parsed = parseParams(auditLogQuery, input);
  if (parsed.ok) return { ok: true, query: parsed.data, values, errors: {} };
  const errors: Partial<Record<QueryField, string>> = parsed.errors;
  // zod skips the object-level range check when another field is invalid; the lead
  // should still see every problem at once.
  if (!errors.from && !errors.to && isBackwards(input)) errors.from = RANGE_MESSAGE;
  return { ok: false, query: null, values, errors };
}

/** The filter as URL parameters (for paging links and the export URL); cursor, limit and order left out. */
export function auditFilterParams(filter: Omit<AuditFilter, "dir">): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined) params.set(field, String(value));
  }
  return params;
}
