// The zone picker: the filter narrows the list by words ("new york" finds
// America/New_York) while the chosen zone stays selectable, the choice is sent as is,
// and the action's refusal is shown next to the list.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/model/action-result";
import { TimeZoneForm } from "./time-zone-form";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

afterEach(cleanup);

const ZONES = ["UTC", "America/New_York", "America/Paramaribo", "Asia/Tokyo", "Europe/Paris"];
const options = () => screen.getAllByRole("option").map((o) => o.getAttribute("value"));

describe("TimeZoneForm", () => {
  it("filters by words across slashes and underscores, keeping the chosen zone", () => {
    render(<TimeZoneForm current="UTC" zones={ZONES} action={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Find a zone"), { target: { value: "new york" } });
    expect(options()).toEqual(["UTC", "America/New_York"]);
    fireEvent.change(screen.getByLabelText("Find a zone"), { target: { value: "par" } });
    expect(options()).toEqual(["UTC", "America/Paramaribo", "Europe/Paris"]);
    expect(screen.getByRole("option", { name: "UTC (default)" })).toBeTruthy();
  });

  it("sends the chosen zone and says so once saved", async () => {
    const action = vi.fn((input: { timeZone: string } | FormData) =>
      Promise.resolve<ActionResult<{ timeZone: string }>>({ ok: true, data: { timeZone: (input as { timeZone: string }).timeZone } }),
    );
    render(<TimeZoneForm current="UTC" zones={ZONES} action={action} />);
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Asia/Tokyo" } });
    expect(screen.getByText(/Now in Asia\/Tokyo:/).textContent).toMatch(/UTC\+09:00$/);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Save time zone" }));
      await Promise.resolve();
    });
    expect(action).toHaveBeenCalledWith({ timeZone: "Asia/Tokyo" });
    expect(await screen.findByText("Times are now shown in Asia/Tokyo.")).toBeTruthy();
  });

  it("shows the action's refusal of the zone next to the list", async () => {
    const action = vi.fn(() =>
      Promise.resolve<ActionResult<{ timeZone: string }>>({
        ok: false,
        code: "INVALID_INPUT",
        message: "Some fields need attention.",
        fieldErrors: { timeZone: ['"Mars/Base" is not a time zone we know: choose one from the list.'] },
      }),
    );
    render(<TimeZoneForm current="UTC" zones={ZONES} action={action} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Save time zone" }));
      await Promise.resolve();
    });
    expect(await screen.findByText(/is not a time zone we know/)).toBeTruthy();
    expect(screen.getByLabelText("Time zone").getAttribute("aria-invalid")).toBe("true");
  });
});
