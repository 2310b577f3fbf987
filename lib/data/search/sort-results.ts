// The search page's order, chosen in the URL (`sort`). Relevance is the order the
// database ranked the matches in (exact, then prefix, then similar; the account's own
// fields before teammates'); "last login" reorders the same matches, most recent first,
// so an agent can pick the customer who was active just now among look-alikes.
// Plain data, no database: unit-tested.
import { z } from "zod";
import type { SearchResultItem } from "./search-customers";

export const SEARCH_SORTS = ["relevance", "lastLogin"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_SORT_LABELS: Record<SearchSort, string> = { relevance: "Best match", lastLogin: "Last login" };

/** An unknown or missing `sort` is the default (relevance): a search never fails over its order. */
export const searchSortParam = z.enum(SEARCH_SORTS).catch("relevance");

export function sortSearchResults(results: readonly SearchResultItem[], sort: SearchSort): SearchResultItem[] {
  if (sort === "relevance") return [...results];
  // Most recent first; never logged in (and sign-ups) last, in relevance order among themselves.
  return results
    .map((result, rank) => ({ result, rank }))
    .sort((a, b) => {
      const x = a.result.lastLoginAt;
      const y = b.result.lastLoginAt;
      if (x === y) return a.rank - b.rank;
      if (x === null) return 1;
      if (y === null) return -1;
      return Date.parse(y) - Date.parse(x) || a.rank - b.rank;
    })
    .map(({ result }) => result);
}
