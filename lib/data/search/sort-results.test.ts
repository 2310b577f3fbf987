import { describe, expect, it } from "vitest";
import type { SearchResultItem } from "./search-customers";
import { searchSortParam, sortSearchResults } from "./sort-results";

const item = (username: string, lastLoginAt: string | null): SearchResultItem => ({
  kind: "account",
  id: username.length,
  username,
  email: `${username}@x.test`,
  status: "ACTIVE",
  loginMethod: "PASSWORD",
  isSubuser: false,
  parentId: null,
  parentUsername: null,
  match: { field: "username", value: username },
  quality: "prefix",
  score: 0.5,
  lastLoginAt,
  createdAt: "2026-01-01T00:00:00.000Z",
  verdict: { text: "Not diagnosed", tone: "neutral" },
});

// Relevance order as the database ranked it.
const ranked = [
  item("best", "2026-03-01T10:00:00.000Z"),
  item("never-a", null),
  item("recent", "2026-05-01T09:00:00.000Z"),
  item("never-b", null),
  item("tie", "2026-03-01T10:00:00.000Z"),
];
const names = (items: SearchResultItem[]) => items.map((i) => i.username);

describe("sortSearchResults", () => {
  it("keeps the database's ranking for relevance", () => {
    expect(names(sortSearchResults(ranked, "relevance"))).toEqual(["best", "never-a", "recent", "never-b", "tie"]);
  });

  it("puts the most recent login first, never-logged-in last, and keeps relevance order within ties", () => {
    expect(names(sortSearchResults(ranked, "lastLogin"))).toEqual(["recent", "best", "tie", "never-a", "never-b"]);
  });

  it("does not reorder the caller's array", () => {
    sortSearchResults(ranked, "lastLogin");
    expect(names(ranked)[0]).toBe("best");
  });
});

describe("searchSortParam", () => {
  it("reads the two orders and falls back to relevance for anything else", () => {
    expect(searchSortParam.parse("lastLogin")).toBe("lastLogin");
    expect(searchSortParam.parse("relevance")).toBe("relevance");
    for (const raw of [undefined, "", "password", ["lastLogin", "x"], 42]) expect(searchSortParam.parse(raw)).toBe("relevance");
  });
});
