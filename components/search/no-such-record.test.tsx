// The 404 of an account or sign-up page reads as plain English for both kinds: the
// sentence about the id's shape starts with the right article.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NoSuchRecord } from "./no-such-record";

const path = { current: "/" };
vi.mock("next/navigation", () => ({ usePathname: () => path.current }));

afterEach(cleanup);

describe("NoSuchRecord", () => {
  it.each([
    {
      kind: "sign-up" as const,
      url: "/signups/0241",
      text: "A sign-up id is whole digits with no leading zero (like 241), so this cannot be one. Check the id in the ticket.",
    },
    {
      kind: "account" as const,
      url: "/accounts/12ab",
      text: "An account id is whole digits with no leading zero (like 241), so this cannot be one. Check the id in the ticket.",
    },
  ])("a malformed $kind id is explained with the right article", ({ kind, url, text }) => {
    path.current = url;
    render(<NoSuchRecord kind={kind} />);
    expect(screen.getByText(text)).toBeTruthy();
  });

  it("a well-formed sign-up id that matches nothing says it may be mistyped or removed", () => {
    path.current = "/signups/241";
    render(<NoSuchRecord kind="sign-up" />);
    expect(screen.getByRole("heading").textContent).toBe("No sign-up with id “241”");
    expect(screen.getByText("Nothing has this id: it may be mistyped, or the sign-up may have been removed.")).toBeTruthy();
  });
});
