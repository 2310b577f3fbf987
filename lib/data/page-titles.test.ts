import { describe, expect, it } from "vitest";
import { accountTabTitle, signUpTabTitle } from "./page-titles";

describe("tab titles", () => {
  it.each([
    [{ username: "demo-locked", status: "ACTIVE" }, "demo-locked · Account"],
    [{ username: "demo-banned", status: "BANNED" }, "demo-banned · Banned"],
    [{ username: "demo-terminated", status: "TERMINATED" }, "demo-terminated · Terminated"],
    [null, "No such account"],
  ])("%o reads %s", (label, title) => {
    expect(accountTabTitle(label)).toBe(title);
  });

  it("names an unconfirmed sign-up", () => {
    expect(signUpTabTitle({ username: "demo-unconfirmed" })).toBe("demo-unconfirmed · Sign-up (unconfirmed)");
    expect(signUpTabTitle(null)).toBe("No such sign-up");
  });
});
