// The URL input of the console's pages, one schema each, read through readInput
// (./read-input.ts). A page's query string is typed by people and pasted into tickets: a
// value a page does not know is ignored (`.catch`), never an error page, while the search
// text is bounded as the palette's is.
import { z } from "zod";
import { TIMELINE_CHANNELS, TIMELINE_KINDS } from "@/lib/model/timeline";
import { ticketRef } from "./common";

/** The search page's orders (lib/data/search/sort-results.ts sorts by them). */
export const SEARCH_SORTS = ["relevance", "lastLogin"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const searchSortParam = z.enum(SEARCH_SORTS).catch("relevance");

/** The longest search the console runs (an email address's length); the palette's bound too. */
export const MAX_SEARCH_LENGTH = 254;

/** "Back to results": the search that led to a customer's page. */
const from = z.string().max(MAX_SEARCH_LENGTH).optional().catch(undefined);
/** A helpdesk deep link's ticket (`&ticket=ZD-48213`): audited with the view; a bad one is ignored. */
const ticket = ticketRef.nullable().catch(null);

/** `/?q=…&sort=…&list`: `list` keeps an agent on the list after one exact hit. */
export const searchPageParams = z.object({
  q: z.string().max(MAX_SEARCH_LENGTH).catch(""),
  sort: searchSortParam,
  list: z.string().optional(),
  ticket,
});

/** The account page's timeline filter and page, and the way back to the search. */
export const accountPageParams = z.object({
  kind: z.enum(TIMELINE_KINDS).nullable().catch(null),
  channel: z.enum(TIMELINE_CHANNELS).nullable().catch(null),
  cursor: z.string().max(500).nullable().catch(null),
  from,
  ticket,
});

/** The sign-up page: only the way back. */
export const signUpPageParams = z.object({ from, ticket });

/** The sign-in page: where to go after (checked again by safeRedirectPath) and Auth.js's error code. */
const optionalText = z.string().max(2048).optional().catch(undefined);
export const signInPageParams = z.object({ callbackUrl: optionalText, next: optionalText, error: optionalText });
