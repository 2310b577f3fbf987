import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/simulate/random";
import { EDIT_KINDS, makeTypo, MAX_NEIGHBOUR_QUERY_LENGTH, oneEditNeighbours } from "./one-edit";

/** Damerau-Levenshtein (optimal string alignment) distance, written plainly as the oracle. */
function distance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(x.length, y.length);
}

describe("oneEditNeighbours: what the search looks up for a typo", () => {
  it("reaches the customer's name from each kind of typo, where trigrams cannot (issue 14's orhcid)", () => {
    for (const [typed, wanted] of [
      ["orhcid", "orchid"], // two neighbours swapped
      ["orchd", "orchid"], // a letter dropped
      ["orchiid", "orchid"], // a letter added
      ["orxhid", "orchid"], // a letter replaced
      ["kep", "kelp"], // three letters typed for a four-letter name
      ["ann.lookpu", "ann.lookup"],
      ["jdoe@exmaple.com", "jdoe@example.com"],
    ] as const) {
      expect(oneEditNeighbours(typed), typed).toContain(wanted);
    }
  });

  it("gives exactly the strings one edit away: never the query, nothing two edits away, no duplicates", () => {
    const neighbours = oneEditNeighbours("kelp");
    expect(neighbours).not.toContain("kelp");
    expect(new Set(neighbours).size).toBe(neighbours.length);
    for (const n of neighbours) expect(distance(n, "kelp"), n).toBe(1);
    expect(neighbours).not.toContain("klpe");
  });

  it("keeps the query's own unusual characters, so a name with one is reached too", () => {
    // "å" is not in the alphabet, but the query has one: the dropped second "å" comes back.
    expect(oneEditNeighbours("åsa.berg")).toContain("åsa.åberg");
    expect(oneEditNeighbours("bjrök")).toContain("björk");
  });

  it("gives nothing for an empty or an over-long query (no thousands of probes for what trigrams find)", () => {
    expect(oneEditNeighbours("")).toEqual([]);
    expect(oneEditNeighbours("a".repeat(MAX_NEIGHBOUR_QUERY_LENGTH + 1))).toEqual([]);
    expect(oneEditNeighbours("a".repeat(MAX_NEIGHBOUR_QUERY_LENGTH)).length).toBeGreaterThan(0);
  });

  it("treats % and _ as characters: they are compared with =, so they neither widen nor break anything", () => {
    // "or_hid" is one substitution from "orchid", as any other character would be.
    expect(oneEditNeighbours("or_hid")).toContain("orchid");
    // Two edits away stays out, whatever the wildcard would have matched.
    expect(oneEditNeighbours("o_c_id")).not.toContain("orchid");
    expect(oneEditNeighbours("%chid")).not.toContain("orchid");
  });
});

describe("makeTypo: the benchmark's typos, and the search's answer to them", () => {
  const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{3,24}$/);

  it("makes exactly one edit of the asked kind, and the search's neighbours of the typo contain the original", () => {
    fc.assert(
      fc.property(name, fc.constantFrom(...EDIT_KINDS), fc.integer({ min: 1, max: 2 ** 31 }), (value, kind, seed) => {
        const { typo } = makeTypo(value, kind, seededRandom(seed));
        expect(typo.toLowerCase()).not.toBe(value.toLowerCase());
        expect(distance(typo, value)).toBe(1);
        expect(oneEditNeighbours(typo.toLowerCase())).toContain(value);
      }),
      { numRuns: 400 },
    );
  });

  it("keeps the length a kind implies", () => {
    const random = seededRandom(14);
    expect(makeTypo("orchid", "insertion", random).typo).toHaveLength(7);
    expect(makeTypo("orchid", "deletion", random).typo).toHaveLength(5);
    expect(makeTypo("orchid", "substitution", random).typo).toHaveLength(6);
    expect(makeTypo("orchid", "transposition", random).typo).toHaveLength(6);
    // Nothing to swap in "aaaa": a substitution instead, still one edit.
    expect(makeTypo("aaaa", "transposition", random)).toMatchObject({ kind: "substitution" });
  });
});
