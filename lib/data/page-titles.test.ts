import { describe, expect, it } from "vitest";
import { accountTabTitle, signUpTabTitle } from "./page-titles";

describe("tab titles", () => {
  it.each([
    [{ username: "demo-locked", verdict: "Locked · 7 days left" }, "demo-locked · Locked · 7 days left"],
    [{ username: "demo-banned", verdict: "Banned" }, "demo-banned · Banned"],
    [{ username: "demo-terminated", verdict: "Terminated for non-payment" }, "demo-terminated · Terminated for non-payment"],
    [{ username: "demo-ok", verdict: null }, "demo-ok · Account"],
    [null, "No such account"],
  ])("%o reads %s", (label, title) => {
    expect(accountTabTitle(label)).toBe(title);
  });

  it("names an unconfirmed sign-up", () => {
    expect(signUpTabTitle({ username: "demo-unconfirmed" })).toBe("demo-unconfirmed · Sign-up (unconfirmed)");
    expect(signUpTabTitle(null)).toBe("No such sign-up");
  });
});
