import { describe, expect, it } from "vitest";
import { MATCH_FIELD_LABELS, type MatchField, type SearchResultDto, type SearchResultItem } from "@/lib/model/search";
import { toPaletteResponse } from "./palette";

function found(field: MatchField, quality: SearchResultItem["quality"] = "exact"): SearchResultDto {
  return {
    query: "acct_9f2",
    kind: "name",
    exactHit: quality === "exact",
    truncated: false,
    results: [
      {
        kind: "account",
        id: 42,
        username: "orchid",
        email: "orchid@example.test",
        status: "ACTIVE",
        loginMethod: "PASSWORD",
        isSubuser: false,
        parentId: null,
        parentUsername: null,
        match: { field, value: "acct_9f2" },
        quality,
        score: 1,
        lastLoginAt: null,
        createdAt: "2026-01-01T00:00:00.000Z",
        verdict: { text: "Not diagnosed", tone: "neutral" },
      },
    ],
  };
}

describe("the palette says why a customer matched, in the search page's words", () => {
  it("names a platform id match (the palette once showed the raw platform_id)", () => {
    expect(toPaletteResponse(found("platform_id")).results[0]?.matched).toBe("platform id");
  });

  it.each(Object.keys(MATCH_FIELD_LABELS) as MatchField[])("%s reads as words, never as the field's code", (field) => {
    const matched = toPaletteResponse(found(field, "prefix")).results[0]?.matched ?? "";
    expect(matched).toBe(`starts like ${MATCH_FIELD_LABELS[field]}`);
    expect(matched).not.toContain("_");
  });
});
