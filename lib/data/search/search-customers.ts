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
import type { Db } from "../../db/prisma";
import { Prisma } from "../../generated/prisma/client";
import { rowVerdict, type RowVerdict } from "../../diagnosis/verdict-strip";
import { classifyQuery, MIN_FRAGMENT_LENGTH, type ClassifiedQuery, type QueryKind } from "./classify-query";
import { oneEditNeighbours } from "./one-edit";

export type { ClassifiedQuery, QueryKind } from "./classify-query";
export { classifyQuery } from "./classify-query";

export const DEFAULT_SEARCH_LIMIT = 25;
export const MAX_SEARCH_LIMIT = 100;
/** Typo search runs only when exact + prefix found fewer customers than this (none). */
export const SIMILAR_WHEN_FEWER_THAN = 1;
/** How much of an email's local part must match (pg_trgm word similarity) to be a candidate. */
export const MIN_WORD_SIMILARITY = 0.5;
/**
 * pg_trgm similarity a typo match needs. The default 0.3 lets a million look-alike
 * usernames ("maria.garcia123", "maria.garcia456") through the index and costs seconds
 * of heap rechecks; 0.5 keeps one or two transposed letters in names of eight or more
 * characters (shorter names lose too many trigrams to a typo for any threshold to help).
 */
export const MIN_SIMILARITY = 0.5;

export type MatchField =
  | "account_id"
  /** The platform's own id for the account (events name accounts by it; exact, case-sensitive). */
  | "platform_id"
  | "email"
  | "username"
  | "subuser_username"
  | "api_key_prefix"
  | "api_user"
  | "teammate_email"
  | "teammate_username"
  | "signup_email"
  | "signup_username";

export type MatchQuality = "exact" | "prefix" | "similar";

export type CustomerStatus = "ACTIVE" | "TERMINATED" | "BANNED" | "UNCONFIRMED";

export interface SearchResultItem {
  /** `signup`: an unconfirmed sign-up, which has no account yet (id is the sign-up id). */
  kind: "account" | "signup";
  id: number;
  username: string;
  email: string;
  status: CustomerStatus;
  /** null for sign-ups (the login method is chosen when the account is created). */
  loginMethod: "PASSWORD" | "UNIFIED_LOGIN" | null;
  isSubuser: boolean;
  parentId: number | null;
  parentUsername: string | null;
  /** What matched: the field and its stored value (e.g. the teammate's email). */
  match: { field: MatchField; value: string };
  quality: MatchQuality;
  /**
   * 1 for exact; for prefix the share of the value typed; for similar, one edit away,
   * 1 - 1/length (the share of characters right); for other similar matches pg_trgm
   * similarity (always below a one-edit match in the list).
   */
  score: number;
  /** ISO 8601, null when never (and for sign-ups). */
  lastLoginAt: string | null;
  /** ISO 8601: account or sign-up creation. */
  createdAt: string;
  /**
   * What the account page's verdict strip would say, for the blocking states a row can
   * tell from its own columns (ban, parent's ban, termination, lock, unconfirmed); no
   * diagnosis runs per row, so an active unlocked account reads "Not blocked".
   */
  verdict: RowVerdict;
}

export interface SearchResultDto {
  /** The query as searched (trimmed, capped; case kept). */
  query: string;
  kind: QueryKind;
  results: SearchResultItem[];
  /** Exactly one exact match: the page may open it directly. */
  exactHit: boolean;
  /** More results exist than `limit`: the agent should narrow the query. */
  truncated: boolean;
}

export const searchOptionsSchema = z.object({
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
});
export type SearchOptions = z.input<typeof searchOptionsSchema>;

// Field ranks break ties between matches of the same quality: the account's own fields
// first, then credentials, then people and sign-ups pointing at it.
const FIELD_RANK: Record<MatchField, number> = {
  account_id: 0,
  platform_id: 0,
  email: 1,
  username: 1,
  subuser_username: 1,
  api_key_prefix: 2,
  api_user: 3,
  teammate_email: 4,
  teammate_username: 4,
  signup_email: 5,
  signup_username: 5,
};
// The statement's rank of a match (its `q`): one-edit matches come before trigram
// look-alikes, and both read "similar" on the page.
type MatchRank = "exact" | "prefix" | "one_edit" | "similar";
const MATCH_RANK: Record<MatchRank, number> = { exact: 0, prefix: 1, one_edit: 2, similar: 3 };
const QUALITY_OF_RANK: readonly MatchQuality[] = ["exact", "prefix", "similar", "similar"];

// ------------------------------------------------------------------ SQL branches
// Every branch yields (ent, id, field, value, q, fr, score):
//   ent 'a' account / 's' unconfirmed sign-up, q = quality rank, fr = field rank.

type Match =
  | { kind: "exact"; value: string }
  | { kind: "like"; pattern: string }
  | { kind: "range"; from: string; to: string; pattern: string }
  | { kind: "similar"; term: string }
  /** Exactly one of these strings: every string one edit from the query (./one-edit.ts). */
  | { kind: "one_edit"; neighbours: string[] }
  /** An email typo: candidates by the local part alone (the domain's trigrams are in every row). */
  | { kind: "similar_email"; local: string; term: string };

function rank(m: Match): number {
  switch (m.kind) {
    case "exact":
      return MATCH_RANK.exact;
    case "like":
    case "range":
      return MATCH_RANK.prefix;
    case "one_edit":
      return MATCH_RANK.one_edit;
    case "similar":
    case "similar_email":
      return MATCH_RANK.similar;
  }
}

/**
 * The smallest string greater than every string starting with `prefix`, in code point
 * order (the last code point plus one); null when there is none worth computing.
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix);
  const last = points.pop();
  if (last === undefined) return null;
  const code = last.codePointAt(0) ?? 0x10ffff;
  // Skip the surrogate block and the top of the range: fall back to trigrams there.
  if (code >= 0xd7ff && code <= 0xdfff) return null;
  if (code >= 0x10ffff) return null;
  return points.join("") + String.fromCodePoint(code + 1);
}

/**
 * The WHERE condition, the ORDER BY (typos: most similar first) and the score of a branch.
 * `scoredOn` is what a prefix's share is measured against: the column itself, or for an
 * email searched by a name (no "@" typed) its local part, so "kelp" for kelp@sea.example
 * scores 1, as it matches the whole local part.
 */
function condition(column: Prisma.Sql, m: Match, typedLength: number, scoredOn: Prisma.Sql = column) {
  switch (m.kind) {
    case "exact":
      return { where: Prisma.sql`${column} = ${m.value}::text`, score: Prisma.sql`1::real`, order: Prisma.empty };
    case "like":
      return {
        where: Prisma.sql`${column} LIKE ${m.pattern}::text`,
        score: Prisma.sql`least(1, ${typedLength}::real / greatest(length(${scoredOn}), 1))::real`,
        order: Prisma.empty,
      };
    case "range":
      // A b-tree range scan in index order: sub-millisecond however common the prefix.
      // In code point order [prefix, next(prefix)) is exactly the set of strings that
      // start with the prefix, so no LIKE is needed; with one, PostgreSQL misjudged its
      // selectivity and sometimes chose the trigram index plus a sort instead, many
      // times slower on a large table.
      return {
        where: Prisma.sql`${column} >= ${m.from}::text AND ${column} < ${m.to}::text`,
        score: Prisma.sql`least(1, ${typedLength}::real / greatest(length(${scoredOn}), 1))::real`,
        order: Prisma.sql`ORDER BY ${column}`,
      };
    case "similar":
      return {
        // `%` is what the trigram index serves (with the threshold set by the gate below);
        // the explicit similarity keeps results right whatever that setting is.
        where: Prisma.sql`${column} % ${m.term}::text AND similarity(${column}, ${m.term}::text) >= ${MIN_SIMILARITY}::real`,
        score: Prisma.sql`similarity(${column}, ${m.term}::text)::real`,
        order: Prisma.sql`ORDER BY score DESC`,
      };
    case "one_edit":
      return {
        // The match itself is in the FROM (accountsFrom): one probe per neighbour.
        where: Prisma.sql`true`,
        score: Prisma.sql`(1 - 1::real / greatest(length(${column}), ${typedLength}::int, 1))::real`,
        order: Prisma.empty,
      };
    case "similar_email":
      return {
        // `<%` (word similarity of the local part, served by the same trigram index) finds
        // few candidates; the whole address's similarity then decides, as for names.
        where: Prisma.sql`${m.local}::text <% ${column} AND similarity(${column}, ${m.term}::text) >= ${MIN_SIMILARITY}::real`,
        score: Prisma.sql`similarity(${column}, ${m.term}::text)::real`,
        order: Prisma.sql`ORDER BY score DESC`,
      };
  }
}

/**
 * The FROM of an accounts branch: the table, or for a one-edit match one lateral index
 * probe per neighbour. (`col = ANY(neighbours)` says the same, but for a thousand
 * neighbours PostgreSQL may judge a sequential scan cheaper, and on a large table it is
 * not: a lateral equality lookup leaves it nothing to choose but the index.) The
 * neighbours are compared with `=`: a `%` or `_` in the query is just a character.
 */
function accountsFrom(column: Prisma.Sql, m: Match, n: number): Prisma.Sql {
  if (m.kind !== "one_edit") return Prisma.sql`accounts a`;
  return Prisma.sql`unnest(${m.neighbours}::text[]) AS v(s)
      CROSS JOIN LATERAL (SELECT * FROM accounts a WHERE ${column} = v.s LIMIT ${n}::int) a`;
}

function accountUsername(m: Match, n: number, len: number): Prisma.Sql {
  const column = Prisma.sql`a.username_lower`;
  const c = condition(column, m, len);
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, CASE WHEN a.parent_id IS NULL THEN 'username' ELSE 'subuser_username' END AS field,
      a.username AS value, ${rank(m)}::int AS q, ${FIELD_RANK.username}::int AS fr, ${c.score} AS score
    FROM ${accountsFrom(column, m, n)} WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

function accountEmail(m: Match, n: number, len: number, typedWithoutDomain = false): Prisma.Sql {
  const column = Prisma.sql`a.email_lower`;
  const c = condition(column, m, len, typedWithoutDomain ? Prisma.sql`split_part(a.email_lower, '@', 1)` : column);
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'email'::text AS field, a.email AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK.email}::int AS fr, ${c.score} AS score
    FROM ${accountsFrom(column, m, n)} WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

/**
 * The local part of an account's email typed alone, one edit away. The expression must
 * stay exactly as in the migration's index (accounts_email_local_idx), or PostgreSQL
 * cannot use it.
 */
function accountEmailLocal(m: Extract<Match, { kind: "one_edit" }>, n: number, len: number): Prisma.Sql {
  const column = Prisma.sql`split_part(a.email_lower, '@', 1)`;
  const c = condition(column, m, len);
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'email'::text AS field, a.email AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK.email}::int AS fr, ${c.score} AS score
    FROM ${accountsFrom(column, m, n)} WHERE ${c.where} LIMIT ${n}::int)`;
}

function accountId(id: number): Prisma.Sql {
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'account_id'::text AS field, a.id::text AS value,
      0::int AS q, ${FIELD_RANK.account_id}::int AS fr, 1::real AS score
    FROM accounts a WHERE a.id = ${id}::int)`;
}

/**
 * The platform's id, as typed (ids are opaque: no case folding, no patterns), through
 * the b-tree on accounts.external_id. Any source: agents do not know which one sent it.
 */
function platformId(display: string, n: number): Prisma.Sql {
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'platform_id'::text AS field, a.external_id AS value,
      0::int AS q, ${FIELD_RANK.platform_id}::int AS fr, 1::real AS score
    FROM accounts a WHERE a.external_id = ${display} LIMIT ${n}::int)`;
}

function teammate(column: "email" | "username", m: Match, n: number, len: number): Prisma.Sql {
  const lower = column === "email" ? Prisma.sql`t.email_lower` : Prisma.sql`t.username_lower`;
  const value = column === "email" ? Prisma.sql`t.email` : Prisma.sql`t.username`;
  const field: MatchField = column === "email" ? "teammate_email" : "teammate_username";
  const c = condition(lower, m, len);
  return Prisma.sql`(SELECT 'a'::text AS ent, t.account_id AS id, ${field}::text AS field, ${value} AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK[field]}::int AS fr, ${c.score} AS score
    FROM teammates t WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

// Confirmed sign-ups point at their account (an address changed since sign-up still
// finds the customer); unconfirmed ones are results of their own.
function signUp(column: "email" | "username", m: Match, n: number, len: number): Prisma.Sql {
  const lower = column === "email" ? Prisma.sql`s.email_lower` : Prisma.sql`s.username_lower`;
  const value = column === "email" ? Prisma.sql`s.email` : Prisma.sql`s.username`;
  const field: MatchField = column === "email" ? "signup_email" : "signup_username";
  const c = condition(lower, m, len);
  return Prisma.sql`(SELECT CASE WHEN s.account_id IS NULL THEN 's' ELSE 'a' END AS ent, coalesce(s.account_id, s.id) AS id,
      ${field}::text AS field, ${value} AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK[field]}::int AS fr, ${c.score} AS score
    FROM sign_ups s WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

function apiUser(m: Match, n: number, len: number): Prisma.Sql {
  const c = condition(Prisma.sql`p.api_user_lower`, m, len);
  return Prisma.sql`(SELECT 'a'::text AS ent, p.account_id AS id, 'api_user'::text AS field, p.api_user AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK.api_user}::int AS fr, ${c.score} AS score
    FROM password_integrations p WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

// Keys are case-sensitive and customers copy the prefix from their configuration, so
// the prefix as typed is looked up first through the b-tree (equality, then a range in
// code point order). Only when that finds nothing does the case-insensitive ILIKE
// run, through the trigram index, which is much slower because every key shares the
// "sg." trigrams.
function apiKeyAsTyped(display: string, n: number, len: number, codePointOrder: boolean): Prisma.Sql[] {
  const exact = Prisma.sql`(SELECT 'a'::text AS ent, k.account_id AS id, 'api_key_prefix'::text AS field, k.prefix AS value,
      0::int AS q, ${FIELD_RANK.api_key_prefix}::int AS fr, 1::real AS score
    FROM api_keys k WHERE k.prefix = ${display}::text LIMIT ${n}::int)`;
  const upper = prefixUpperBound(display);
  if (!codePointOrder || upper === null || len < MIN_FRAGMENT_LENGTH + 3) return [exact];
  const range = Prisma.sql`(SELECT 'a'::text AS ent, k.account_id AS id, 'api_key_prefix'::text AS field, k.prefix AS value,
      1::int AS q, ${FIELD_RANK.api_key_prefix}::int AS fr, least(1, ${len}::real / greatest(length(k.prefix), 1))::real AS score
    FROM api_keys k WHERE k.prefix >= ${display}::text AND k.prefix < ${upper}::text
    ORDER BY k.prefix LIMIT ${n}::int)`;
  return [exact, range];
}

function apiKey(pattern: string, exact: boolean, n: number, len: number): Prisma.Sql {
  const score = exact ? Prisma.sql`1::real` : Prisma.sql`least(1, ${len}::real / greatest(length(k.prefix), 1))::real`;
  return Prisma.sql`(SELECT 'a'::text AS ent, k.account_id AS id, 'api_key_prefix'::text AS field, k.prefix AS value,
      ${exact ? 0 : 1}::int AS q, ${FIELD_RANK.api_key_prefix}::int AS fr, ${score} AS score
    FROM api_keys k WHERE k.prefix ILIKE ${pattern}::text LIMIT ${n}::int)`;
}

interface Branches {
  strong: Prisma.Sql[];
  /** One edit away: run when nothing matched exactly. */
  oneEdit: Prisma.Sql[];
  /** Trigram look-alikes: run when nothing else was found. */
  similar: Prisma.Sql[];
}

function branchesFor(q: ClassifiedQuery, n: number, codePointOrder: boolean): Branches {
  const len = q.normalized.length;
  const exact: Match = { kind: "exact", value: q.normalized };
  const upper = prefixUpperBound(q.normalized);
  const like: Match | null =
    q.prefixPattern === null
      ? null
      : codePointOrder && upper !== null && !q.prefixPattern.startsWith("%")
        ? { kind: "range", from: q.normalized, to: upper, pattern: q.prefixPattern }
        : { kind: "like", pattern: q.prefixPattern };
  const similar: Match | null = q.similarTerm === null ? null : { kind: "similar", term: q.similarTerm };
  // Same length rule as trigrams: a query of three characters still finds four-letter
  // names with a letter dropped.
  const neighbours = q.normalized.length >= MIN_FRAGMENT_LENGTH ? oneEditNeighbours(q.normalized) : [];
  const oneEdit: Extract<Match, { kind: "one_edit" }> | null = neighbours.length > 0 ? { kind: "one_edit", neighbours } : null;
  const strong: Prisma.Sql[] = [];
  const near: Prisma.Sql[] = [];
  const typo: Prisma.Sql[] = [];
  switch (q.kind) {
    case "empty":
      break;
    case "account_id":
      // A number may also be a username (or an api_user) someone chose.
      if (q.accountId !== null) strong.push(accountId(q.accountId));
      strong.push(accountUsername(exact, n, len), apiUser(exact, n, len), platformId(q.display, n));
      break;
    case "email":
      if (!q.normalized.startsWith("@")) {
        strong.push(accountEmail(exact, n, len), teammate("email", exact, n, len), signUp("email", exact, n, len));
      }
      if (like) strong.push(accountEmail(like, n, len), teammate("email", like, n, len), signUp("email", like, n, len));
      if (oneEdit && !q.normalized.startsWith("@")) near.push(accountEmail(oneEdit, n, len));
      if (similar) {
        const local = similar.term.split("@")[0] ?? "";
        typo.push(accountEmail(local.length >= MIN_FRAGMENT_LENGTH + 2 ? { kind: "similar_email", local, term: similar.term } : similar, n, len));
      }
      break;
    case "api_key_prefix":
      strong.push(...apiKeyAsTyped(q.display, n, len, codePointOrder));
      // Any case: a fallback when the prefix as typed matched nothing (see apiKeyAsTyped).
      (codePointOrder ? typo : strong).push(apiKey(q.escaped, true, n, len));
      if (q.prefixPattern !== null) (codePointOrder ? typo : strong).push(apiKey(q.prefixPattern, false, n, len));
      break;
    case "name":
      strong.push(
        accountUsername(exact, n, len),
        apiUser(exact, n, len),
        teammate("username", exact, n, len),
        signUp("username", exact, n, len),
        platformId(q.display, n),
      );
      if (like) {
        strong.push(
          accountUsername(like, n, len),
          // The local part of an address typed without its domain.
          accountEmail(like, n, len, true),
          apiUser(like, n, len),
          teammate("username", like, n, len),
          signUp("username", like, n, len),
        );
      }
      if (oneEdit) near.push(accountUsername(oneEdit, n, len), accountEmailLocal(oneEdit, n, len));
      if (similar) typo.push(accountUsername(similar, n, len));
      break;
  }
  return { strong, oneEdit: near, similar: typo };
}

/**
 * The statement for a classified query, or null when there is nothing to search. Exported
 * so the benchmark runs the very same text through plain `pg` (`.text`, `.values`).
 */
export function buildSearchStatement(
  q: ClassifiedQuery,
  limit: number,
  codePointOrder: boolean,
  /** `oneEdit: false` leaves the one-edit branches out: bench:typos's baseline for what they cost. */
  options: { oneEdit?: boolean } = {},
): Prisma.Sql | null {
  const perBranch = limit + 1;
  const branches = branchesFor(q, perBranch, codePointOrder);
  const { strong, similar } = branches;
  const oneEdit = options.oneEdit === false ? [] : branches.oneEdit;
  if (strong.length === 0) return null;
  const oneEditPart =
    oneEdit.length === 0
      ? Prisma.sql`, near AS (SELECT * FROM strong WHERE false)`
      : Prisma.sql`, near AS MATERIALIZED (
  SELECT * FROM (${Prisma.join(oneEdit, " UNION ALL ")}) one_edit
   WHERE NOT EXISTS (SELECT 1 FROM strong WHERE q = 0)
)`;
  const similarPart =
    similar.length === 0
      ? Prisma.empty
      : Prisma.sql`
    UNION ALL
    SELECT * FROM (${Prisma.join(similar, " UNION ALL ")}) typo
     WHERE NOT EXISTS (SELECT 1 FROM strong WHERE q = 0)
       AND (SELECT count(*) FROM (SELECT DISTINCT ent, id FROM strong) found) < ${SIMILAR_WHEN_FEWER_THAN}::int
       AND NOT EXISTS (SELECT 1 FROM near)
       -- Evaluated (once) only when the gate above is open, before the index scan starts;
       -- transaction-local, so it ends with this statement.
       AND (SELECT set_config('pg_trgm.similarity_threshold', ${String(MIN_SIMILARITY)}::text, true)) IS NOT NULL
       AND (SELECT set_config('pg_trgm.word_similarity_threshold', ${String(MIN_WORD_SIMILARITY)}::text, true)) IS NOT NULL`;
  return Prisma.sql`
WITH strong AS MATERIALIZED (
  ${Prisma.join(strong, " UNION ALL ")}
)${oneEditPart}, candidates AS (
  SELECT * FROM strong
  UNION ALL
  SELECT * FROM near${similarPart}
), best AS (
  SELECT DISTINCT ON (ent, id) ent, id, field, value, q, fr, score
    FROM candidates
   ORDER BY ent, id, q, fr, score DESC
)
SELECT CASE WHEN b.ent = 'a' THEN 'account' ELSE 'signup' END AS kind,
       b.id,
       coalesce(a.username, s.username) AS username,
       coalesce(a.email, s.email) AS email,
       coalesce(a.status::text, 'UNCONFIRMED') AS status,
       a.login_method::text AS login_method,
       a.parent_id,
       p.username AS parent_username,
       a.last_login_at,
       a.locked_until,
       a.deleted_at,
       p.status::text AS parent_status,
       coalesce(a.created_at, s.created_at) AS created_at,
       b.field, b.value, b.q, b.score
  FROM best b
  LEFT JOIN accounts a ON b.ent = 'a' AND a.id = b.id
  LEFT JOIN accounts p ON p.id = a.parent_id
  LEFT JOIN sign_ups s ON b.ent = 's' AND s.id = b.id
 WHERE a.id IS NOT NULL OR s.id IS NOT NULL
 ORDER BY CASE b.q WHEN ${MATCH_RANK.exact}::int THEN 0 WHEN ${MATCH_RANK.similar}::int THEN 2 ELSE 1 END,
          b.score DESC, b.q, b.fr, b.value, b.ent, b.id
 LIMIT ${perBranch}::int`;
}

/** A row of the statement above, as both Prisma's $queryRaw and plain `pg` return it. */
export interface SearchRow {
  kind: string;
  id: number;
  username: string | null;
  email: string | null;
  status: string;
  login_method: string | null;
  parent_id: number | null;
  parent_username: string | null;
  last_login_at: Date | null;
  locked_until: Date | null;
  deleted_at: Date | null;
  parent_status: string | null;
  created_at: Date | null;
  field: string;
  value: string;
  q: number;
  score: number;
}

function isMatchField(value: string): value is MatchField {
  return Object.hasOwn(FIELD_RANK, value);
}

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function accountStatus(value: string | null): "ACTIVE" | "TERMINATED" | "BANNED" | null {
  return value === "ACTIVE" || value === "TERMINATED" || value === "BANNED" ? value : null;
}

export function toResultItem(row: SearchRow, now: Date = new Date()): SearchResultItem {
  const field = isMatchField(row.field) ? row.field : "username";
  const status: CustomerStatus = accountStatus(row.status) ?? "UNCONFIRMED";
  const loginMethod = row.login_method === "PASSWORD" || row.login_method === "UNIFIED_LOGIN" ? row.login_method : null;
  const kind = row.kind === "signup" ? "signup" : "account";
  const lockedUntil = row.locked_until === null || row.locked_until === undefined ? null : new Date(row.locked_until);
  return {
    kind,
    id: Number(row.id),
    username: row.username ?? "",
    email: row.email ?? "",
    status,
    loginMethod,
    isSubuser: row.parent_id !== null,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    parentUsername: row.parent_username,
    match: { field, value: row.value },
    quality: QUALITY_OF_RANK[row.q] ?? "similar",
    score: Math.round(Number(row.score) * 1000) / 1000,
    lastLoginAt: toIso(row.last_login_at),
    createdAt: toIso(row.created_at) ?? "",
    verdict: rowVerdict(
      {
        kind,
        status,
        loginMethod,
        lockedUntil,
        parentStatus: accountStatus(row.parent_status ?? null),
        parentUsername: row.parent_username,
        deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : new Date(row.deleted_at),
      },
      now,
    ),
  };
}

export function toResultDto(q: ClassifiedQuery, rows: readonly SearchRow[], limit: number, now: Date = new Date()): SearchResultDto {
  const results = rows.slice(0, limit).map((row) => toResultItem(row, now));
  const exact = results.filter((r) => r.quality === "exact").length;
  return { query: q.display, kind: q.kind, results, exactHit: exact === 1, truncated: rows.length > limit };
}

// Prefix search by b-tree range needs the text columns sorted in code point order: the
// "C"/"POSIX" collations and C.UTF-8 (libc or builtin provider) do; linguistic collations
// (en_US, ICU) ignore punctuation at first and would split a prefix's rows. There the
// trigram index serves LIKE 'abc%' instead (slower on very common trigrams).
export const codePointOrderStatement = Prisma.sql`SELECT coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') IN ('c', 'b')
         AND d.datcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8', 'C.UTF8') AS code_point_order
    FROM pg_database d WHERE d.datname = current_database()`;

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
