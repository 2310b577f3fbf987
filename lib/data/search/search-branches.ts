// The search statement's branches: each yields (ent, id, field, value, q, fr, score) from
// one index. search-statement.ts decides which run and ranks their union.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MatchField, MatchQuality } from "@/lib/model/search";
import { MIN_FRAGMENT_LENGTH } from "./classify-query";

/** How much of an email's local part must match (pg_trgm word similarity) to be a candidate. */
export const MIN_WORD_SIMILARITY = 0.5;
/**
 * pg_trgm similarity a typo match needs. The default 0.3 lets a million look-alike
 * usernames ("maria.garcia123", "maria.garcia456") through the index and costs seconds
 * of heap rechecks; 0.5 keeps one or two transposed letters in names of eight or more
 * characters (shorter names lose too many trigrams to a typo for any threshold to help).
 */
export const MIN_SIMILARITY = 0.5;

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
export const MATCH_RANK: Record<MatchRank, number> = { exact: 0, prefix: 1, one_edit: 2, similar: 3 };
export const QUALITY_OF_RANK: readonly MatchQuality[] = ["exact", "prefix", "similar", "similar"];

// ------------------------------------------------------------------ SQL branches
// Every branch yields (ent, id, field, value, q, fr, score):
//   ent 'a' account / 's' unconfirmed sign-up, q = quality rank, fr = field rank.

export type Match =
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

export function accountUsername(m: Match, n: number, len: number): Prisma.Sql {
  const column = Prisma.sql`a.username_lower`;
  const c = condition(column, m, len);
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, CASE WHEN a.parent_id IS NULL THEN 'username' ELSE 'subuser_username' END AS field,
      a.username AS value, ${rank(m)}::int AS q, ${FIELD_RANK.username}::int AS fr, ${c.score} AS score
    FROM ${accountsFrom(column, m, n)} WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

export function accountEmail(m: Match, n: number, len: number, typedWithoutDomain = false): Prisma.Sql {
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
export function accountEmailLocal(m: Extract<Match, { kind: "one_edit" }>, n: number, len: number): Prisma.Sql {
  const column = Prisma.sql`split_part(a.email_lower, '@', 1)`;
  const c = condition(column, m, len);
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'email'::text AS field, a.email AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK.email}::int AS fr, ${c.score} AS score
    FROM ${accountsFrom(column, m, n)} WHERE ${c.where} LIMIT ${n}::int)`;
}

export function accountId(id: number): Prisma.Sql {
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'account_id'::text AS field, a.id::text AS value,
      0::int AS q, ${FIELD_RANK.account_id}::int AS fr, 1::real AS score
    FROM accounts a WHERE a.id = ${id}::int)`;
}

/**
 * The platform's id, as typed (ids are opaque: no case folding, no patterns), through
 * the b-tree on accounts.external_id. Any source: agents do not know which one sent it.
 */
export function platformId(display: string, n: number): Prisma.Sql {
  return Prisma.sql`(SELECT 'a'::text AS ent, a.id, 'platform_id'::text AS field, a.external_id AS value,
      0::int AS q, ${FIELD_RANK.platform_id}::int AS fr, 1::real AS score
    FROM accounts a WHERE a.external_id = ${display} LIMIT ${n}::int)`;
}

export function teammate(column: "email" | "username", m: Match, n: number, len: number): Prisma.Sql {
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
export function signUp(column: "email" | "username", m: Match, n: number, len: number): Prisma.Sql {
  const lower = column === "email" ? Prisma.sql`s.email_lower` : Prisma.sql`s.username_lower`;
  const value = column === "email" ? Prisma.sql`s.email` : Prisma.sql`s.username`;
  const field: MatchField = column === "email" ? "signup_email" : "signup_username";
  const c = condition(lower, m, len);
  return Prisma.sql`(SELECT CASE WHEN s.account_id IS NULL THEN 's' ELSE 'a' END AS ent, coalesce(s.account_id, s.id) AS id,
      ${field}::text AS field, ${value} AS value,
      ${rank(m)}::int AS q, ${FIELD_RANK[field]}::int AS fr, ${c.score} AS score
    FROM sign_ups s WHERE ${c.where} ${c.order} LIMIT ${n}::int)`;
}

export function apiUser(m: Match, n: number, len: number): Prisma.Sql {
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
export function apiKeyAsTyped(display: string, n: number, len: number, codePointOrder: boolean): Prisma.Sql[] {
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

export function apiKey(pattern: string, exact: boolean, n: number, len: number): Prisma.Sql {
  const score = exact ? Prisma.sql`1::real` : Prisma.sql`least(1, ${len}::real / greatest(length(k.prefix), 1))::real`;
  return Prisma.sql`(SELECT 'a'::text AS ent, k.account_id AS id, 'api_key_prefix'::text AS field, k.prefix AS value,
      ${exact ? 0 : 1}::int AS q, ${FIELD_RANK.api_key_prefix}::int AS fr, ${score} AS score
    FROM api_keys k WHERE k.prefix ILIKE ${pattern}::text LIMIT ${n}::int)`;
}
