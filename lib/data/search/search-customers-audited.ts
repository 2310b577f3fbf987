// The search as the page runs it: the lookup (./search-customers.ts, which has no
// `server-only`, so the benchmark can import it) and its audit entry.
import "server-only";
import { writeAudit, type AuditInput } from "@/lib/audit/write-audit";
import type { StaffContext } from "@/lib/auth/current-staff";
import type { Db } from "@/lib/db/prisma";
import type { RequestMeta } from "@/lib/http/client-address";
import { searchCustomers, type SearchOptions, type SearchResultDto } from "./search-customers";

export type { MatchField, MatchQuality, QueryKind, SearchResultDto, SearchResultItem } from "./search-customers";

export interface AuditedSearchOptions extends SearchOptions {
  /**
   * Where the lookup reads, e.g. a read replica (lib/db/read-routing.ts); `db` when
   * absent. The audit entry is written to `db`, the primary, whatever this is: a
   * replica is read-only, and the record of who looked must never lag or be lost.
   */
  readDb?: Db;
  /** What another caller adds to the search's audit entry (the staff API: its token and ticket). */
  auditExtra?: Pick<AuditInput, "detail" | "ticketRef">;
}

/**
 * The search, audited like an account view: who looked for which customer, and how many
 * they found, is as much a part of "who looked at whom" as opening the account.
 */
export async function searchCustomersAudited(
  db: Db,
  rawQuery: string,
  searcher: StaffContext,
  meta: RequestMeta,
  options: AuditedSearchOptions = {},
): Promise<SearchResultDto> {
  const { readDb = db, auditExtra = {}, ...searchOptions } = options;
  const found = await searchCustomers(readDb, rawQuery, searchOptions);
  await writeAudit(db, {
    actor: { id: searcher.id, email: searcher.email },
    action: "customer.search",
    outcome: "DONE",
    ...auditExtra,
    detail: { query: found.query, results: found.results.length, exactHit: found.exactHit, ...(auditExtra.detail as object | undefined) },
    ...meta,
  });
  return found;
}
