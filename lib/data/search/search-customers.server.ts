// What the search page imports: the lookup with the app's client. The core in
// ./search-customers.ts takes the client as a parameter and has no `server-only`, so
// tsx scripts (the benchmark) and tests can import it.
import "server-only";
import { getDb } from "@/lib/db/client";
import { searchCustomers, type SearchOptions, type SearchResultDto } from "./search-customers";

export type { MatchField, MatchQuality, QueryKind, SearchResultDto, SearchResultItem } from "./search-customers";

export function searchCustomersForPage(rawQuery: string, options?: SearchOptions): Promise<SearchResultDto> {
  return searchCustomers(getDb(), rawQuery, options);
}
