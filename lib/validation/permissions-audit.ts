// The permissions audit's URL: the filter (what the page, the sort links and the export
// share) and the page position. Plain data and zod, safe in a client bundle.
import { z } from "zod";
import { DEFAULT_SEVERAL_ADMINS, FILTER_FLAGS, MAX_SEVERAL_ADMINS } from "@/lib/model/teammate-flags";
import { TEAMMATE_LEVELS } from "@/lib/model/teammate-levels";
import { isoDay } from "./common";
import { parseParams, pickParams, type ParsedParams, type SearchParams } from "./search-params";

export const PERMISSION_SORTS = ["account", "level", "lastLogin", "created"] as const;
export type PermissionSort = (typeof PERMISSION_SORTS)[number];

export const LAST_LOGIN_FILTERS = ["within_30d", "within_90d", "over_90d", "never"] as const;
export type LastLoginFilter = (typeof LAST_LOGIN_FILTERS)[number];

const ADMINS_MESSAGE = `“Several admins” counts from ${DEFAULT_SEVERAL_ADMINS} to ${MAX_SEVERAL_ADMINS} owners or admins.`;

/** The filter alone (what an export takes). Empty strings from a GET form mean "any". */
export const permissionsFilterSchema = z
  .object({
    account: z.string().trim().max(100, "At most 100 characters.").optional(),
    level: z.enum(TEAMMATE_LEVELS, { error: "Choose a permission level from the list." }).optional(),
    scope: z
      .string()
      .trim()
      .max(100, "At most 100 characters.")
      .regex(/^[\w.:*/-]+$/, "A scope is letters, digits and . : * / - _ only.")
      .optional(),
    lastLogin: z.enum(LAST_LOGIN_FILTERS, { error: "Choose a last-login range from the list." }).optional(),
    createdFrom: isoDay("Created from").optional(),
    createdTo: isoDay("Created to").optional(),
    flag: z.enum(FILTER_FLAGS, { error: "Choose a flag from the list." }).optional(),
    // The "Several admins" threshold: part of the filter, so the flag filter, the rows'
    // flags, the legend and the export all count the same way.
    admins: z.coerce
      .number({ error: ADMINS_MESSAGE })
      .int(ADMINS_MESSAGE)
      .min(DEFAULT_SEVERAL_ADMINS, ADMINS_MESSAGE)
      .max(MAX_SEVERAL_ADMINS, ADMINS_MESSAGE)
      .optional(),
  })
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom <= f.createdTo, {
    path: ["createdTo"],
    message: "“Created to” must be on or after “Created from”.",
  });
export type PermissionsFilter = z.output<typeof permissionsFilterSchema>;

const cursorText = z
  .string()
  .max(300)
  .regex(/^[\w-]+$/, "This page link is damaged: start again from the first page.");

export const permissionsQuerySchema = z.object({
  sort: z.enum(PERMISSION_SORTS, { error: "Choose a sort column from the list." }).default("account"),
  dir: z.enum(["asc", "desc"], { error: "Sort direction is asc or desc." }).default("asc"),
  after: cursorText.optional(),
  before: cursorText.optional(),
  limit: z.coerce
    .number({ error: "Rows per page is a number from 1 to 200." })
    .int("Rows per page is a number from 1 to 200.")
    .min(1, "Rows per page is a number from 1 to 200.")
    .max(200, "Rows per page is a number from 1 to 200.")
    .default(50),
});
export type PermissionsQuery = z.output<typeof permissionsQuerySchema>;

export const PERMISSIONS_FILTER_KEYS = ["account", "level", "scope", "lastLogin", "createdFrom", "createdTo", "flag", "admins"] as const;
export const PERMISSIONS_PAGE_KEYS = ["sort", "dir", "after", "before", "limit"] as const;

export interface ParsedPermissionsParams {
  /** The non-empty parameters as typed, to refill the form. */
  values: Record<string, string>;
  filter: ParsedParams<PermissionsFilter>;
  query: ParsedParams<PermissionsQuery>;
}

/** The page's and the export's reading of the URL: the same rules for both. */
export function parsePermissionsParams(raw: SearchParams | URLSearchParams): ParsedPermissionsParams {
  const values = pickParams(raw, [...PERMISSIONS_FILTER_KEYS, ...PERMISSIONS_PAGE_KEYS]);
  const only = (keys: readonly string[]) => Object.fromEntries(Object.entries(values).filter(([k]) => keys.includes(k)));
  return {
    values,
    filter: parseParams(permissionsFilterSchema, only(PERMISSIONS_FILTER_KEYS)),
    query: parseParams(permissionsQuerySchema, only(PERMISSIONS_PAGE_KEYS)),
  };
}

/** The filter as a query string (for sort and page links, and the export URL). */
export function permissionsFilterQuery(values: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const key of PERMISSIONS_FILTER_KEYS) {
    const value = values[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}
