// What the command palette (Ctrl/Cmd-K) shows for a query: the search page's own lookup
// and audit entry (searchCustomersAudited), cut down to what a jump needs. Only fields
// the results table already shows leave the server.
import { z } from "zod";
import { MATCH_FIELD_LABELS, type SearchResultDto } from "@/lib/model/search";
import type { RowVerdict } from "@/lib/diagnosis/verdict-strip";

export const PALETTE_LIMIT = 8;

/** The palette's query string: `q` only; anything else is a crafted request. */
export const paletteParams = z.strictObject({ q: z.string().max(254).optional() });

export interface PaletteResult {
  href: string;
  username: string;
  email: string;
  /** The search row's verdict ("Banned", "Locked · 2 h left", "Not diagnosed"), not the raw status. */
  verdict: RowVerdict;
  /** e.g. "email", "starts like username": why this customer matched. */
  matched: string;
  subuserOf: string | null;
}

export interface PaletteResponse {
  query: string;
  results: PaletteResult[];
  truncated: boolean;
}

/** The DTO for the palette; `from` lets the account page link back to the full list. */
export function toPaletteResponse(found: SearchResultDto): PaletteResponse {
  const from = `?from=${encodeURIComponent(found.query)}`;
  return {
    query: found.query,
    truncated: found.truncated,
    results: found.results.map((r) => ({
      href: `${r.kind === "signup" ? "/signups" : "/accounts"}/${r.id}${from}`,
      username: r.username,
      email: r.email,
      verdict: r.verdict,
      matched: `${r.quality === "exact" ? "" : r.quality === "prefix" ? "starts like " : "similar to "}${MATCH_FIELD_LABELS[r.match.field]}`,
      subuserOf: r.isSubuser ? r.parentUsername : null,
    })),
  };
}
