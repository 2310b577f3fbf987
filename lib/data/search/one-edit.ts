// One-edit typos: what the search looks up for them, and how the benchmark and the tests
// make them. Pure (no database), so both sides are tested against each other.
//
// A value the customer gave and what the agent typed differ by one edit: a character
// inserted, deleted, substituted, or two neighbours swapped (Damerau-Levenshtein
// distance 1). Instead of comparing the query with every stored name, the search
// generates every string one edit away from the query (oneEditNeighbours) and looks
// them up exactly through the b-tree indexes that already serve exact matches: a few
// hundred to a few thousand index probes, whatever the table's size, and no pattern is
// ever built from the query (`%` and `_` are characters like any other).

import type { Random } from "@/lib/simulate/random";

/**
 * Characters tried for insertions and substitutions: what usernames and email
 * addresses are made of. A stored name with a character outside this set (and outside
 * the query) is missed only when the typo removed or replaced that very character.
 */
export const NEIGHBOUR_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789.-_+@";

/** Queries longer than this get no neighbours (thousands of probes for a typo trigrams already find). */
export const MAX_NEIGHBOUR_QUERY_LENGTH = 64;

/**
 * Every distinct string one edit away from `value` (not `value` itself), for values of
 * at most MAX_NEIGHBOUR_QUERY_LENGTH code points; [] for longer ones. `value` should be
 * lower-cased already: the neighbours are compared with the *_lower columns.
 */
export function oneEditNeighbours(value: string, alphabet: string = NEIGHBOUR_ALPHABET): string[] {
  const chars = Array.from(value);
  const n = chars.length;
  if (n === 0 || n > MAX_NEIGHBOUR_QUERY_LENGTH) return [];
  // The query's own characters too: a name with an accent or a symbol keeps it.
  const letters = [...new Set([...Array.from(alphabet), ...chars])];
  const out = new Set<string>();
  const join = (parts: string[]) => parts.join("");
  for (let i = 0; i < n; i++) {
    // Deletion (the typo inserted chars[i]).
    out.add(join([...chars.slice(0, i), ...chars.slice(i + 1)]));
    // Transposition of i and i+1.
    if (i + 1 < n && chars[i] !== chars[i + 1]) {
      out.add(join([...chars.slice(0, i), chars[i + 1] ?? "", chars[i] ?? "", ...chars.slice(i + 2)]));
    }
    // Substitution (the typo replaced this character).
    for (const c of letters) if (c !== chars[i]) out.add(join([...chars.slice(0, i), c, ...chars.slice(i + 1)]));
  }
  // Insertion (the typo dropped a character).
  for (let i = 0; i <= n; i++) for (const c of letters) out.add(join([...chars.slice(0, i), c, ...chars.slice(i)]));
  out.delete(value);
  out.delete("");
  return [...out];
}

export type EditKind = "insertion" | "deletion" | "substitution" | "transposition";
export const EDIT_KINDS: readonly EditKind[] = ["insertion", "deletion", "substitution", "transposition"];

/** What a typo may put in: letters and digits (what a slipping finger hits). */
const TYPO_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * `value` with one edit of the given kind at a position (and character) drawn from
 * `random`; the result always differs from `value` ignoring case. A transposition of a
 * value with no two different neighbours ("aaaa") falls back to a substitution.
 */
export function makeTypo(value: string, kind: EditKind, random: Random): { typo: string; kind: EditKind } {
  const chars = Array.from(value);
  const n = chars.length;
  const other = (current: string | undefined) => {
    for (;;) {
      const c = random.pick(Array.from(TYPO_CHARACTERS));
      if (c !== current?.toLowerCase()) return c;
    }
  };
  switch (kind) {
    case "insertion": {
      const i = random.int(0, n);
      return { typo: [...chars.slice(0, i), random.pick(Array.from(TYPO_CHARACTERS)), ...chars.slice(i)].join(""), kind };
    }
    case "deletion": {
      if (n < 2) return makeTypo(value, "insertion", random);
      const i = random.int(0, n - 1);
      return { typo: [...chars.slice(0, i), ...chars.slice(i + 1)].join(""), kind };
    }
    case "substitution": {
      const i = random.int(0, Math.max(0, n - 1));
      return { typo: [...chars.slice(0, i), other(chars[i]), ...chars.slice(i + 1)].join(""), kind };
    }
    case "transposition": {
      const swappable = chars.flatMap((c, i) => (i + 1 < n && c.toLowerCase() !== chars[i + 1]?.toLowerCase() ? [i] : []));
      if (swappable.length === 0) return makeTypo(value, "substitution", random);
      const i = random.pick(swappable);
      return { typo: [...chars.slice(0, i), chars[i + 1] ?? "", chars[i] ?? "", ...chars.slice(i + 2)].join(""), kind };
    }
  }
}
