// The account page's loading state: the name at once, skeletons where the streamed
// sections will be. A section that has not resolved shows its fallback; timings are not
// asserted (the page's 404 for a missing id is e2e/security.spec.ts's).
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { use } from "react";
import { AccountPageShell } from "./account-skeleton";

afterEach(cleanup);

/** A section still loading: it suspends on a promise that never settles. */
function Pending(): never {
  use(new Promise<never>(() => {}));
  throw new Error("unreachable");
}

describe("AccountPageShell", () => {
  it("shows the name and the skeletons while the account's sections load", () => {
    render(
      <main>
        <AccountPageShell username="demo-locked" details={<Pending />} body={<Pending />} />
      </main>,
    );
    expect(screen.getByRole("heading", { level: 1, name: "demo-locked" })).toBeTruthy();
    const skeleton = screen.getByTestId("account-skeleton");
    expect(skeleton.getAttribute("role")).toBe("status");
    expect(within(skeleton).getByText("Loading the account…")).toBeTruthy();
    expect(screen.getByTestId("account-header-skeleton").getAttribute("aria-hidden")).toBe("true");
  });

  it("replaces the skeletons with the sections once they are there", () => {
    render(<AccountPageShell username="demo-healthy" details={<span>Verdict</span>} body={<p>Diagnosis</p>} />);
    expect(screen.queryByTestId("account-skeleton")).toBeNull();
    expect(screen.queryByTestId("account-header-skeleton")).toBeNull();
    expect(screen.getByText("Diagnosis")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1 }).parentElement?.textContent).toContain("Verdict");
  });
});
