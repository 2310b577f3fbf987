// The catalogue's own rules, without a database: which strings PostgreSQL could not store
// (and how the refusal names them), the "something must change" rule of the update types,
// and the JSON Schema a sender's engineer reads at GET /api/ingest/v1/schema.
import { describe, expect, it } from "vitest";
import { buildCatalogueJsonSchema, catalogueJsonSchema, EVENT_CATALOGUE, findUnstorable, isEventType, MAX_EVENT_DEPTH, unstorableText } from "./catalogue";

describe("unstorableText", () => {
  it("passes text PostgreSQL can hold, an emoji (a surrogate pair) included", () => {
    expect(unstorableText("plain text")).toBeNull();
    expect(unstorableText("smile \ud83d\ude00")).toBeNull();
    expect(unstorableText("")).toBeNull();
  });

  it("names a NUL and where it is (counting from 1)", () => {
    expect(unstorableText("ab\u0000c")).toBe("contains a NUL character (U+0000) at character 3, which cannot be stored: remove it");
  });

  it("names a lone surrogate, high or low, by its code point in capitals", () => {
    expect(unstorableText("ab\ud83d")).toBe(
      "contains a lone surrogate (U+D83D) at character 3, which is not Unicode text: send UTF-8 text (is it mis-decoded or cut in the middle of a character?)",
    );
    expect(unstorableText("\ude00x")).toMatch(/^contains a lone surrogate \(U\+DE00\) at character 1, /);
  });
});

describe("findUnstorable", () => {
  it("names the first offending string in reading order, by its path", () => {
    expect(findUnstorable({ a: "fine", b: null, c: 3, d: ["x", "y\u0000", "z\u0000"], e: "\u0000" })).toEqual({
      path: "d.1",
      problem: "contains a NUL character (U+0000) at character 2, which cannot be stored: remove it",
    });
    expect(findUnstorable({ a: "\ud800", b: "\u0000" })?.path).toBe("a");
    expect(findUnstorable(["ok", { k: "\u0000" }], ["data"])?.path).toBe("data.1.k");
    expect(findUnstorable({ a: "fine", list: [1, true, null, { b: "fine" }] })).toBeNull();
  });

  it("calls a top-level string the event, and names the object whose member name is unstorable", () => {
    expect(findUnstorable("\u0000")?.path).toBe("event");
    expect(findUnstorable({ "k\u0000": 1 })).toEqual({
      path: "event",
      problem: "has a member name that contains a NUL character (U+0000) at character 2, which cannot be stored: remove it",
    });
    expect(findUnstorable({ data: { ok: 1, "\ud800": 1 } })?.path).toBe("data");
  });

  it(`refuses nesting deeper than ${MAX_EVENT_DEPTH} levels, naming where it goes too deep`, () => {
    const nested = (levels: number): unknown => {
      let value: unknown = "x";
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    expect(findUnstorable(nested(MAX_EVENT_DEPTH))).toBeNull();
    expect(findUnstorable(nested(MAX_EVENT_DEPTH + 1))).toEqual({
      path: Array.from({ length: MAX_EVENT_DEPTH }, () => "0").join("."),
      problem: "nested deeper than 32 levels: not an event",
    });
  });
});

describe("update types must change something", () => {
  it("account.updated: the account id alone is refused, one field is enough", () => {
    const schema = EVENT_CATALOGUE["account.updated"].schema;
    expect(schema.safeParse({ account_id: "a" }).error?.issues.map((i) => i.message)).toEqual(["expected at least one field to change besides account_id"]);
    expect(schema.safeParse({ account_id: "a", plan: "pro" })).toMatchObject({ success: true, data: { account_id: "a", plan: "pro" } });
  });

  it("teammate.changed: the two ids alone are refused, one field is enough", () => {
    const schema = EVENT_CATALOGUE["teammate.changed"].schema;
    expect(schema.safeParse({ account_id: "a", teammate_id: "t" }).error?.issues.map((i) => i.message)).toEqual([
      "expected at least one field to change besides account_id and teammate_id",
    ]);
    expect(schema.safeParse({ account_id: "a", teammate_id: "t", level: "admin" })).toMatchObject({ success: true, data: { level: "admin" } });
  });
});

it("knows the catalogue's types and nothing an object inherits", () => {
  expect(isEventType("account.created")).toBe(true);
  expect(isEventType("billing.warning_sent")).toBe(true);
  for (const type of ["toString", "hasOwnProperty", "__proto__", "account", ""]) expect(isEventType(type)).toBe(false);
});

describe("the JSON Schema served at GET /api/ingest/v1/schema", () => {
  type Served = {
    specversion: string;
    description: string;
    types: Record<string, { summary: string; data: { required?: string[]; properties: Record<string, unknown> } }>;
  };
  // Built in each test, not once for the file: a run of the tests then reads the code as it is.
  const build = () => buildCatalogueJsonSchema() as Served;

  it("says the envelope rules and limits", () => {
    const served = build();
    expect(served.specversion).toBe("1.0");
    expect(served.description).toMatch(/^CloudEvents 1\.0, structured mode/);
    expect(served.description).toContain("At most 32 KiB and 32 levels of nesting per event");
  });

  it("describes what a sender sends: fields with defaults are not required", () => {
    const created = build().types["account.created"];
    expect(created?.summary).toBe("An account exists (after sign-up confirmation, or created by the platform).");
    expect(created?.data.required).toEqual(["account_id", "username", "email"]);
    expect(Object.keys(created?.data.properties ?? {})).toContain("plan");
  });

  it("is the document served, the same on every call", () => {
    expect(catalogueJsonSchema()).toEqual(build());
    expect(catalogueJsonSchema()).toBe(catalogueJsonSchema());
  });
});
