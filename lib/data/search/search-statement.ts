// The customer lookup's one SQL statement (see search-customers.ts for the design):
// UNION ALL branches, one index each, de-duplicated and ranked in the statement.
import { Prisma } from "@/lib/generated/prisma/client";
import type { ClassifiedQuery } from "./classify-query";
import { MIN_FRAGMENT_LENGTH } from "./classify-query";
import { oneEditNeighbours } from "./one-edit";
import {
  accountEmail,
  accountEmailLocal,
  accountId,
  accountUsername,
  apiKey,
  MATCH_RANK,
  MIN_SIMILARITY,
  MIN_WORD_SIMILARITY,
  apiKeyAsTyped,
  apiUser,
  platformId,
  prefixUpperBound,
  signUp,
  teammate,
  type Match,
} from "./search-branches";

export { MIN_SIMILARITY, MIN_WORD_SIMILARITY, prefixUpperBound, QUALITY_OF_RANK } from "./search-branches";

/** Typo search runs only when exact + prefix found fewer customers than this (none). */
export const SIMILAR_WHEN_FEWER_THAN = 1;

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

// Prefix search by b-tree range needs the text columns sorted in code point order: the
// "C"/"POSIX" collations and C.UTF-8 (libc or builtin provider) do; linguistic collations
// (en_US, ICU) ignore punctuation at first and would split a prefix's rows. There the
// trigram index serves LIKE 'abc%' instead (slower on very common trigrams).
export const codePointOrderStatement = Prisma.sql`SELECT coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') IN ('c', 'b')
         AND d.datcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8', 'C.UTF8') AS code_point_order
    FROM pg_database d WHERE d.datname = current_database()`;
