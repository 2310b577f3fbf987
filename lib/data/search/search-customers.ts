// Customer lookup: the one search box. A pure data function (the client is a parameter)
// so tests and the benchmark call it directly; the page goes through
// ./search-customers.server.ts, which adds `server-only` and the app's client.
//
// One round trip: a single SQL statement whose UNION ALL branches each use one index
// (b-tree on the *_lower copies for exact matches, trigram GIN for prefixes and typos)
// and carry their own LIMIT, so a broad prefix never reads more than a few rows per
// branch. Typos are found two ways, both shown as "similar" suggestions:
//  - one edit away (a character inserted, deleted, replaced, or two swapped): every
//    string one edit from the query is looked up exactly, through the same b-trees as
//    exact matches (./one-edit.ts), in usernames and email addresses (the local part
//    through an expression index, for a local part typed alone). Trigrams cannot do this
//    for short names: "orhcid" shares 2 of "orchid"'s 7 trigrams. These branches run
//    whenever nothing matched exactly, prefix matches or not: a typo is often the start
//    of some other customer's name.
//  - trigram similarity, for typos of more than one edit in longer names; these run only
//    when nothing else was found (fewer than SIMILAR_WHEN_FEWER_THAN = 1 customers, and
//    no one-edit match). Running them to pad a short prefix list costs a trigram scan on
//    every prefix search (see docs/user-guide.md's numbers), for suggestions an agent rarely
//    needs once the customer's own value has matched.
// Skipped branches cost nothing: PostgreSQL evaluates their gate once (a one-time filter
// on an init plan) and never starts the scan. De-duplication (an account found several
// ways keeps its best match) and ranking happen in the same statement.
//
// Order: exact matches, then prefix and one-edit matches together by the share of the
// customer's value the query gets right (a prefix: the share typed, "li.sato82" is 9/12
// of li.sato82722; one edit: all but one character, 9/10 of li.sato802), then trigram
// look-alikes. Putting every prefix match first buried the customer a typo was meant
// for under the names that merely start with the typo (bench:typos on a million
// accounts: 11 prefix matches of "li.sato82" above li.sato802).
import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, type SearchResultDto } from "@/lib/model/search";
import { classifyQuery } from "./classify-query";
import { toResultDto, type SearchRow } from "./search-rows";
import { buildSearchStatement, codePointOrderStatement } from "./search-statement";

export type { ClassifiedQuery, QueryKind } from "./classify-query";
export { classifyQuery } from "./classify-query";
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from "@/lib/model/search";
export type { CustomerStatus, MatchField, MatchQuality, SearchResultDto, SearchResultItem } from "@/lib/model/search";
export {
  buildSearchStatement,
  codePointOrderStatement,
  MIN_SIMILARITY,
  MIN_WORD_SIMILARITY,
  prefixUpperBound,
  SIMILAR_WHEN_FEWER_THAN,
} from "./search-statement";
export { toResultDto, toResultItem, type SearchRow } from "./search-rows";

export const searchOptionsSchema = z.object({
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
});
export type SearchOptions = z.input<typeof searchOptionsSchema>;

const orderByClient = new WeakMap<object, Promise<boolean>>();

/** Whether the database sorts text in code point order (asked once per client). */
export function hasCodePointOrder(db: Db): Promise<boolean> {
  let known = orderByClient.get(db);
  if (!known) {
    known = db
      .$queryRaw<{ code_point_order: boolean }[]>(codePointOrderStatement)
      .then((rows) => rows[0]?.code_point_order === true)
      .catch(() => false);
    orderByClient.set(db, known);
  }
  return known;
}

/** `now` decides whether a row's lock still holds (its verdict); tests pin it. */
export async function searchCustomers(db: Db, rawQuery: string, options: SearchOptions = {}, now: Date = new Date()): Promise<SearchResultDto> {
  const { limit } = searchOptionsSchema.parse(options);
  const q = classifyQuery(rawQuery);
  const statement = buildSearchStatement(q, limit, await hasCodePointOrder(db));
  if (statement === null) return { query: q.display, kind: q.kind, results: [], exactHit: false, truncated: false };
  const rows = await db.$queryRaw<SearchRow[]>(statement);
  return toResultDto(q, rows, limit, now);
}
