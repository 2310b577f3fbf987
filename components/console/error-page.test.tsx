// The error boundary's page: what an agent sees when a page fails to render. The error's
// own message can carry SQL or a customer's data, so it must never reach the page.
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it, vi } from "vitest";
import { ErrorPage } from "./error-page";

afterEach(cleanup);

it("says the page failed, shows the logged reference and never the error's message", () => {
  const error = Object.assign(new Error('duplicate key value violates "accounts_email_key": orchid@example.test'), { digest: "2914058731" });
  render(<ErrorPage error={error} reset={() => undefined} />);
  const alert = screen.getByRole("alert");
  expect(alert.textContent).toContain("This page could not be shown");
  expect(alert.textContent).toContain("2914058731");
  expect(alert.textContent).not.toContain("orchid@example.test");
  expect(alert.textContent).not.toContain("duplicate key");
  expect(screen.getByRole("link", { name: "Back to search" }).getAttribute("href")).toBe("/");
});

it("retries the render with Try again", async () => {
  const reset = vi.fn();
  render(<ErrorPage error={new Error("boom")} reset={reset} />);
  expect(screen.queryByText(/Reference/)).toBeNull();
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(reset).toHaveBeenCalledOnce();
});
