import { describe, expect, it } from "vitest";
import { accountId, isoDay } from "./common";

describe("accountId", () => {
  it.each([
    ["241", 241],
    ["1", 1],
    ["2147483647", 2_147_483_647],
    [241, 241],
  ])("accepts %j as %d", (input, expected) => {
    expect(accountId.safeParse(input)).toEqual({ success: true, data: expected });
  });

  // Security review: z.coerce.number() opened /accounts/0x10 as account 16, /accounts/1e2
  // as 100, /accounts/0b11 as 3 and /accounts/00241 as 241.
  it.each(["0x10", "1e2", "0b11", "0o7", "00241", "0", "-5", "+5", " 5", "5 ", "5.0", "2147483648", "99999999999", "", "Infinity", "NaN", "１２"])(
    "refuses %j with a sentence",
    (input) => {
      const result = accountId.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Enter an account id (a number).");
    },
  );

  it.each([0, -1, 1.5, 2_147_483_648, Number.NaN, null, undefined, true, {}])("refuses the value %j", (input) => {
    expect(accountId.safeParse(input).success).toBe(false);
  });
});

describe("isoDay", () => {
  const day = isoDay("From");
  it.each(["2026-01-31", "2024-02-29", "2000-02-29", "2026-12-31"])("accepts %s", (value) => {
    expect(day.safeParse(value)).toEqual({ success: true, data: value });
  });

  // The permissions audit validated with Date.parse, which took 2026-02-30 as 2 March.
  it.each([
    ["2026-02-30", "From: that date does not exist."],
    ["2026-02-29", "From: that date does not exist."],
    ["2100-02-29", "From: that date does not exist."],
    ["1900-02-29", "From: that date does not exist."],
    ["2026-04-31", "From: that date does not exist."],
    ["2026-13-01", "From: that date does not exist."],
    ["2026-00-10", "From: that date does not exist."],
    ["2026-1-31", "From: use a date like 2026-01-31."],
    ["31/01/2026", "From: use a date like 2026-01-31."],
    ["yesterday", "From: use a date like 2026-01-31."],
  ])("refuses %s: %s", (value, message) => {
    const result = day.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
  });
});
