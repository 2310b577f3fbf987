// What the agent typed in the one search box, turned into something the SQL can use
// safely. Pure: no database, importable from tests, scripts and the page alike.
//
// Rules (documented in docs/user-guide.md, "Using it"):
//  - trim, drop control characters (PostgreSQL text cannot hold NUL), keep at most
//    MAX_QUERY_LENGTH characters (the longest valid email address), lower-case;
//  - digits only (optionally "#123")                -> account_id (also tried as a username)
//  - contains "@"                                   -> email (a leading "@" searches a domain)
//  - starts with "SG." (any case)                   -> api_key_prefix
//  - anything else                                  -> name: username, subuser, teammate
//                                                      username, api_user, sign-up username
//  - prefix and typo searches need three characters: shorter queries (and API key
//    prefixes with fewer than three characters after "SG.") get exact matches only.
//    Typos one edit away are looked up exactly (./one-edit.ts), longer ones through
//    trigram indexes.
//  - LIKE wildcards typed by the agent (%, _ and the escape character \) are escaped, so
//    they match themselves.

export const MAX_QUERY_LENGTH = 254;
/** Trigram indexes cannot serve a pattern with fewer literal characters than this. */
export const MIN_FRAGMENT_LENGTH = 3;
const API_KEY_MARKER = "sg.";
const MAX_ACCOUNT_ID = 2_147_483_647; // PostgreSQL int4

import type { QueryKind } from "@/lib/model/search";
export type { QueryKind };

export interface ClassifiedQuery {
  kind: QueryKind;
  /** Trimmed and capped, as typed (case kept): what the page echoes back. */
  display: string;
  /** Lower-cased `display`: compared with the `*_lower` columns. */
  normalized: string;
  /** For `account_id`. */
  accountId: number | null;
  /** `normalized` with LIKE wildcards escaped (for ILIKE equality on API key prefixes). */
  escaped: string;
  /** LIKE pattern for prefix (or, for "@domain", fragment) search; null when too short. */
  prefixPattern: string | null;
  /** Term for pg_trgm similarity (typos); null when too short or not meaningful. */
  similarTerm: string | null;
}

// C0 controls, DEL and C1 controls: never part of an identifier, and NUL breaks PostgreSQL.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Escapes LIKE's wildcards with the default escape character (backslash). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function capCodePoints(value: string, max: number): string {
  // Slice by code points so a cap never leaves half a surrogate pair behind.
  const points = Array.from(value);
  return points.length > max ? points.slice(0, max).join("").trim() : value;
}

export function classifyQuery(raw: unknown): ClassifiedQuery {
  const text = typeof raw === "string" ? raw : "";
  const display = capCodePoints(text.replace(CONTROL_CHARACTERS, "").trim(), MAX_QUERY_LENGTH);
  const normalized = display.toLowerCase();
  const escaped = escapeLike(normalized);
  const base = { display, normalized, escaped, accountId: null, prefixPattern: null, similarTerm: null };
  const long = normalized.length >= MIN_FRAGMENT_LENGTH;

  if (normalized === "") return { ...base, kind: "empty" };

  // Canonical digits only: `00241` is a plausible username, not account 241.
  const id = /^#?([1-9]\d{0,9})$/.exec(normalized)?.[1];
  if (id !== undefined) {
    const n = Number(id);
    if (n >= 1 && n <= MAX_ACCOUNT_ID) return { ...base, kind: "account_id", accountId: n };
    // Too large to be an id: still a plausible username.
  }

  if (normalized.includes("@")) {
    if (normalized.startsWith("@")) {
      // "@acme.example": every address at that domain (a fragment, served by trigrams).
      const domainLong = normalized.length - 1 >= MIN_FRAGMENT_LENGTH;
      return { ...base, kind: "email", prefixPattern: domainLong ? `%${escaped}%` : null };
    }
    return { ...base, kind: "email", prefixPattern: long ? `${escaped}%` : null, similarTerm: long ? normalized : null };
  }

  if (normalized.startsWith(API_KEY_MARKER)) {
    const keyLong = normalized.length - API_KEY_MARKER.length >= MIN_FRAGMENT_LENGTH;
    return { ...base, kind: "api_key_prefix", prefixPattern: keyLong ? `${escaped}%` : null };
  }

  return {
    ...base,
    kind: "name",
    prefixPattern: long ? `${escaped}%` : null,
    similarTerm: long ? normalized : null,
  };
}
