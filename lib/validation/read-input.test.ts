import { describe, expect, it } from "vitest";
import { paletteParams } from "@/lib/model/palette";
import { readInput } from "./read-input";
import { accountPageParams, searchPageParams } from "./url-input";

describe("readInput: the one reader of URL input", () => {
  it("takes the first of a repeated parameter, as a page's searchParams give it", () => {
    expect(readInput(searchPageParams, { q: ["ada@example.com", "other"], sort: "lastLogin" })).toEqual({
      ok: true,
      data: { q: "ada@example.com", sort: "lastLogin", ticket: null },
    });
  });

  it("ignores what a page does not know instead of failing (a pasted URL still opens)", () => {
    expect(readInput(accountPageParams, new URLSearchParams("kind=root&channel=FAX&cursor=abc&from=ada"))).toEqual({
      ok: true,
      data: { kind: null, channel: null, cursor: "abc", from: "ada", ticket: null },
    });
    expect(readInput(searchPageParams, { q: "x".repeat(300), sort: "password" })).toEqual({ ok: true, data: { q: "", sort: "relevance", ticket: null } });
  });

  it("keeps a helpdesk deep link's ticket and drops one that is not a ticket reference", () => {
    expect(readInput(searchPageParams, { q: "ada@example.com", ticket: "ZD-48213" })).toMatchObject({ ok: true, data: { ticket: "ZD-48213" } });
    expect(readInput(accountPageParams, new URLSearchParams("ticket=<script>"))).toMatchObject({ ok: true, data: { ticket: null } });
  });

  it("names the first bad field, an unknown key by its name", () => {
    expect(readInput(paletteParams, new URLSearchParams("q=ada&drop=1"))).toMatchObject({ ok: false, field: "drop" });
    expect(readInput(paletteParams, new URLSearchParams(`q=${"x".repeat(300)}`))).toMatchObject({ ok: false, field: "q" });
  });
});
