// The audit log's filter, as the page's GET form, its paging links and the CSV export
// send it in the URL. One schema for all three, so the export is exactly the filter the
// lead is looking at.
import { z } from "zod";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/action-names";
import { CANONICAL_ID, isoDay } from "./common";
import { parseParams, pickParams, type SearchParams } from "./search-params";

export const AUDIT_OUTCOMES = ["DONE", "REFUSED", "FAILED"] as const;
export const AUDIT_FILTER_FIELDS = ["actor", "action", "outcome", "account", "ticket", "within", "quiet", "from", "to"] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
type QueryField = AuditFilterField | "cursor" | "limit" | "dir";

/** The log's order by time: newest first (the default) or oldest first. */
export const AUDIT_ORDERS = ["desc", "asc"] as const;
export type AuditOrder = (typeof AUDIT_ORDERS)[number];

export const AUDIT_PAGE_SIZE = 50;
export const MAX_TICKET_FILTER_LENGTH = 64;

const day = isoDay;

/** The time presets: since the start of today in the lead's zone, the last 24 hours, the last 7 days. */
export const AUDIT_WITHIN = ["today", "24h", "7d"] as const;
export type AuditWithin = (typeof AUDIT_WITHIN)[number];
export const AUDIT_WITHIN_LABELS: Record<AuditWithin, string> = { today: "Today", "24h": "Last 24 hours", "7d": "Last 7 days" };

/**
 * What "hide views and sign-ins" leaves out: the reads and sessions that make up most of
 * the log, so the changes (sends, role changes, exports, sources) stand out.
 */
export const ROUTINE_AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "customer.search",
  "account.view",
  "signup.view",
  "mail.view",
] as const satisfies readonly AuditAction[];

/**
 * A ticket reference as people type it: "#48213", "zd-48213", "ZD 48213" and "48213" are
 * one ticket. Its key is the reference without a leading "#" or a letters-only prefix
 * (when digits follow), in lower case; the filter matches stored references with that
 * key whatever their own prefix.
 */
export function ticketKey(raw: string): string {
  const s = raw.trim().replace(/^#\s*/, "");
  const prefixed = /^[a-z]+\s*[-_:#\s]\s*#?(\d[\w-]*)$/i.exec(s) ?? /^[a-z]+(\d[\w-]*)$/i.exec(s);
  return (prefixed?.[1] ?? s).toLowerCase();
}

/**
 * The account filter: an id (digits only), or an exact username or email (any case).
 * Digits are always an id, so "00241" is refused rather than looked up as a name.
 */
const accountFilter = z
  .string()
  .max(254, "Enter an account id, username or email (at most 254 characters).")
  .refine((v) => !/^\d+$/.test(v) || CANONICAL_ID.test(v), "Enter an account id (a number without leading zeros).")
  .transform((v): number | string => (/^\d+$/.test(v) ? Number(v) : v.toLowerCase()))
  .refine((v) => typeof v === "string" || v <= 2_147_483_647, "That account id is too large.");

const filterShape = {
  // Staff user ids are cuids; the form offers a list, so anything else is an edited URL.
  actor: z
    .string()
    .regex(/^[\w-]{1,64}$/, "Pick a staff user from the list.")
    .optional(),
  // Several at once: the form sends `action=a&action=b`; a pasted URL may say `action=a,b`.
  action: z
    .string()
    .transform((v) => [...new Set(v.split(",").filter((a) => a !== ""))])
    .pipe(z.array(z.enum(AUDIT_ACTIONS, { error: "Pick an action from the list." })).max(AUDIT_ACTIONS.length))
    .optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: "Pick an outcome from the list." }).optional(),
  account: accountFilter.optional(),
  ticket: z.string().max(MAX_TICKET_FILTER_LENGTH, `A ticket reference has at most ${MAX_TICKET_FILTER_LENGTH} characters.`).optional(),
  within: z.enum(AUDIT_WITHIN, { error: "Pick today, the last 24 hours or the last 7 days." }).optional(),
  quiet: z.literal("1", { error: "Hide views and sign-ins is on (1) or off." }).optional(),
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
export type AuditLogQuery = z.output<typeof auditLogQuery> & { timeZone?: string; now?: Date };
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
  const actions = allValues(params, "action");
  if (actions.length > 0) input.action = actions.join(",");
  const values = Object.fromEntries(AUDIT_FILTER_FIELDS.map((f) => [f, input[f] ?? ""])) as Record<AuditFilterField, string>;
  const parsed = parseParams(auditLogQuery, input);
  if (parsed.ok) return { ok: true, query: parsed.data, values, errors: {} };
  const errors: Partial<Record<QueryField, string>> = parsed.errors;
  // zod skips the object-level range check when another field is invalid; the lead
  // should still see every problem at once.
  if (!errors.from && !errors.to && isBackwards(input)) errors.from = RANGE_MESSAGE;
  return { ok: false, query: null, values, errors };
}

/** Every non-empty value of a repeated parameter (a multiple select sends one per choice). */
function allValues(params: SearchParams | URLSearchParams, key: string): string[] {
  const raw = params instanceof URLSearchParams ? params.getAll(key) : params[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** The filter as URL parameters (for paging links and the export URL); cursor, limit and order left out. */
export function auditFilterParams(filter: Omit<AuditFilter, "dir">): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = filter[field];
    if (Array.isArray(value)) for (const v of value) params.append(field, v);
    else if (value !== undefined) params.set(field, String(value));
  }
  return params;
}
