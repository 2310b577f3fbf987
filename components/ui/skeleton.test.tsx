// The audit tables' loading state (the Suspense fallback of /audit/log and
// /audit/permissions): announced once, bars hidden from screen readers.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { TableSkeleton } from "./skeleton";

afterEach(cleanup);

it("renders a status with its label and the table's shape", () => {
  render(<TableSkeleton label="Loading audit entries…" columns={6} rows={4} />);
  const status = screen.getByRole("status");
  expect(status.textContent).toBe("Loading audit entries…");
  const bars = status.querySelector("[aria-hidden]");
  expect(bars?.children).toHaveLength(1 + 4);
  expect(bars?.firstElementChild?.children).toHaveLength(6);
});
