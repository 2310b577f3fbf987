import { describe, expect, it } from "vitest";
import { accountId } from "./common";

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
