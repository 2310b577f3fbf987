// The search page's order, chosen in the URL (`sort`). Relevance is the order the
// database ranked the matches in (exact, then prefix and one-edit matches by the share
// of the value they get right, then trigram look-alikes; the account's own fields before
// teammates'); "last login" reorders the same matches, most recent first,
// so an agent can pick the customer who was active just now among look-alikes.
// Plain data, no database: unit-tested.
import { type SearchSort } from "@/lib/validation/url-input";
import type { SearchResultItem } from "./search-customers";

// The URL parameter's schema lives with the other URL input (lib/validation/url-input.ts).
export { SEARCH_SORTS, searchSortParam, type SearchSort } from "@/lib/validation/url-input";

export const SEARCH_SORT_LABELS: Record<SearchSort, string> = { relevance: "Best match", lastLogin: "Last login" };

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
