import { describe, expect, it } from "vitest";
import { classifyQuery, escapeLike, MAX_QUERY_LENGTH } from "./classify-query";

describe("classifyQuery", () => {
  it.each([
    ["12345", "account_id"],
    ["#42", "account_id"],
    ["99999999999", "name"], // beyond int4: a username, not an id
    ["Ann@Acme.example", "email"],
    ["@acme.example", "email"],
    ["SG.ab12CD34", "api_key_prefix"],
    ["sg.ab", "api_key_prefix"],
    ["ann.lookup", "name"],
    ["   ", "empty"],
    ["\u0000", "empty"],
  ] as const)("%j is %s", (input, kind) => {
    expect(classifyQuery(input).kind).toBe(kind);
  });

  it("trims, lower-cases and caps the query", () => {
    const q = classifyQuery(`  ${"A".repeat(10_000)}  `);
    expect(q.display).toHaveLength(MAX_QUERY_LENGTH);
    expect(q.normalized).toBe("a".repeat(MAX_QUERY_LENGTH));
  });

  it("searches prefixes and typos only from three characters", () => {
    expect(classifyQuery("ab")).toMatchObject({ prefixPattern: null, similarTerm: null });
    expect(classifyQuery("abc")).toMatchObject({ prefixPattern: "abc%", similarTerm: "abc" });
    expect(classifyQuery("SG.ab")).toMatchObject({ prefixPattern: null });
    expect(classifyQuery("SG.abc")).toMatchObject({ prefixPattern: "sg.abc%" });
    expect(classifyQuery("@ac")).toMatchObject({ prefixPattern: null });
    expect(classifyQuery("@acme")).toMatchObject({ prefixPattern: "%@acme%" });
  });

  it("escapes LIKE wildcards", () => {
    expect(escapeLike("a%b_c\\d")).toBe("a\\%b\\_c\\\\d");
    expect(classifyQuery("50%_off").prefixPattern).toBe("50\\%\\_off%");
  });

  it("accepts anything without throwing", () => {
    for (const input of [undefined, null, 42, {}, "🙂".repeat(300)]) expect(() => classifyQuery(input)).not.toThrow();
    expect(Array.from(classifyQuery("🙂".repeat(300)).display)).toHaveLength(MAX_QUERY_LENGTH);
  });
});
