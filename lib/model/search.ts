// The customer lookup's vocabulary and result shapes: client-safe (no Prisma, no SQL), so
// the search page, the palette and the staff API all read the same words.
import type { RowVerdict } from "@/lib/diagnosis/verdict-strip";

/** What the query looks like, which decides where it is looked up. */
export type QueryKind = "empty" | "account_id" | "email" | "api_key_prefix" | "name";

export const DEFAULT_SEARCH_LIMIT = 25;
export const MAX_SEARCH_LIMIT = 100;

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

/** How a match field reads beside a result ("matched on teammate email"). */
export const MATCH_FIELD_LABELS: Record<MatchField, string> = {
  account_id: "account id",
  platform_id: "platform id",
  email: "email",
  username: "username",
  subuser_username: "subuser username",
  api_key_prefix: "API key prefix",
  api_user: "API user",
  teammate_email: "teammate email",
  teammate_username: "teammate username",
  signup_email: "sign-up email",
  signup_username: "sign-up username",
};

export function isMatchField(value: string): value is MatchField {
  return Object.hasOwn(MATCH_FIELD_LABELS, value);
}

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
   * diagnosis runs per row, so an active unlocked account reads "Not diagnosed".
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
