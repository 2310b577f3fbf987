import { describe, expect, it } from "vitest";
import { createCsvRowCounter } from "./count-csv-rows";
import { csvField, csvRow } from "./csv";

describe("csvField (RFC 4180)", () => {
  it("leaves plain text alone", () => {
    expect(csvField("lead@console.example")).toBe("lead@console.example");
  });

  it.each([
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line1\nline2", '"line1\nline2"'],
    ["line1\r\nline2", '"line1\r\nline2"'],
    ['"', '""""'],
  ])("quotes %j as %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("writes null and undefined as empty, numbers, bigints and booleans as text, dates as ISO", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(42)).toBe("42");
    expect(csvField(12345678901234567890n)).toBe("12345678901234567890");
    expect(csvField(false)).toBe("false");
    expect(csvField(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05.678Z");
  });
});

describe("csvField (formula injection)", () => {
  // Security review: leading spaces or tabs before = + - @ still made a formula.
  it.each(["=SUM(A1:A9)", "+1", "-1+2", "@cmd", "\tx", "\rx", "  =1+2", " \t+cmd", "\n-2", "\u00a0@SUM(1)", "\u3000=1", "\uff1d1+1"])(
    "prefixes %j with an apostrophe",
    (input) => {
      expect(csvField(input).replace(/^"/, "")).toMatch(/^'/);
    },
  );

  it("still quotes a prefixed cell that needs quotes", () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvField("\rx")).toBe(`"'\rx"`);
  });

  it("does not touch numbers, or the same characters later in the text", () => {
    expect(csvField(-5)).toBe("-5");
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("T-1001")).toBe("T-1001");
  });
});

describe("csvRow", () => {
  it("joins with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});

describe("createCsvRowCounter", () => {
  it("counts records, not newlines inside quoted fields, across chunk boundaries", () => {
    const text = csvRow(["h1", "h2"]) + csvRow(["multi\nline", 'with "quotes"\r\nand more']) + csvRow(["x", "y"]);
    const counter = createCsvRowCounter();
    // Feed one character at a time: the worst split.
    for (const ch of text) counter.push(ch);
    expect(counter.records).toBe(3);
    expect(createCsvRowCounter().push(text)).toBe(3);
  });
});
