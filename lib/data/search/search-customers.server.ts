// What the search page imports: the lookup with the app's client. The core in
// ./search-customers.ts takes the client as a parameter and has no `server-only`, so
// tsx scripts (the benchmark) and tests can import it.
import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { StaffContext } from "@/lib/auth/current-staff";
import { getDb } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/http/client-address";
import { searchCustomers, type SearchOptions, type SearchResultDto } from "./search-customers";

export type { MatchField, MatchQuality, QueryKind, SearchResultDto, SearchResultItem } from "./search-customers";

/**
 * The search, audited like an account view: who looked for which customer, and how many
 * they found, is as much a part of "who looked at whom" as opening the account.
 */
export async function searchCustomersForPage(rawQuery: string, searcher: StaffContext, meta: RequestMeta, options?: SearchOptions): Promise<SearchResultDto> {
  const db = getDb();
  const found = await searchCustomers(db, rawQuery, options);
  await writeAudit(db, {
    actor: { id: searcher.id, email: searcher.email },
    action: "customer.search",
    outcome: "DONE",
    detail: { query: found.query, results: found.results.length, exactHit: found.exactHit },
    ...meta,
  });
  return found;
}
