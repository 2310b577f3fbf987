// The recovery dialog: what it sends (the target, the ticket, one idempotency key per
// opening, confirm: true), what it shows for each answer, and that a double submit
// sends the same key (so the server queues one email).
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/model/action-result";
import { RecoveryDialog, type RecoveryRequestFields } from "./recovery-dialog";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

beforeAll(() => {
  // happy-dom's <dialog> may lack the modal methods; these behave as a browser's would.
  const proto = HTMLDialogElement.prototype as { showModal?: () => void; close?: () => void };
  proto.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  proto.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
});
afterEach(() => {
  cleanup();
  refresh.mockClear();
});

type Input = { accountId: number } & RecoveryRequestFields;

function setup(answer: (input: Input) => ActionResult<unknown>) {
  const calls: Input[] = [];
  const action = vi.fn((input: Input | FormData) => {
    if (input instanceof FormData) throw new Error("the dialog sends a plain object");
    calls.push(input);
    return Promise.resolve(answer(input));
  });
  render(
    <RecoveryDialog
      label="Send password reset"
      title="Send a password-reset email"
      description="The customer gets a single-use link."
      recipient="forgot-password@demo.example"
      warning={{ message: "A new password stops these integrations:", items: ["Billing SMTP"] }}
      target={{ accountId: 241 }}
      action={action}
      testId="send-reset"
    />,
  );
  return { calls };
}

const open = () => fireEvent.click(screen.getByTestId("send-reset-open"));
const typeTicket = (value: string) => fireEvent.change(screen.getByLabelText("Ticket reference"), { target: { value } });
const confirm = () =>
  act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Confirm: send password reset" }));
    await Promise.resolve();
  });

describe("RecoveryDialog", () => {
  it("sends the target with the ticket, a fresh key and confirm: true, then says it is queued and refreshes the page", async () => {
    const { calls } = setup(() => ({ ok: true, data: { outboxId: 1 } }));
    open();
    expect(screen.getByText("Billing SMTP")).toBeTruthy();
    typeTicket("ZD-1234");
    await confirm();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ accountId: 241, ticketRef: "ZD-1234", confirm: true });
    expect(calls[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.getByText(/The email is queued for forgot-password@demo.example/)).toBeTruthy();
    expect(refresh).toHaveBeenCalledTimes(1);
    // Done: the confirm button is gone, so it cannot be sent twice from here.
    expect(screen.queryByRole("button", { name: "Confirm: send password reset" })).toBeNull();
  });

  it("announces the result in a polite live region that is there before the result, and is centred (auto margins)", async () => {
    setup(() => ({ ok: true, data: { outboxId: 1 } }));
    open();
    const region = screen.getByTestId("send-reset-result");
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toBe("");
    typeTicket("ZD-9");
    await confirm();
    expect(region.textContent).toContain("The email is queued for forgot-password@demo.example");
    // Tailwind's preflight zeroes <dialog>'s margin; m-auto puts the centring back.
    expect(screen.getByTestId("send-reset-dialog").className).toContain("m-auto");
  });

  it("sends the same key again when the first answer was a refusal, and a new key after reopening", async () => {
    const { calls } = setup(() => ({ ok: false, code: "RATE_LIMITED", message: "At most 3 emails an hour for this customer." }));
    open();
    typeTicket("ZD-1");
    await confirm();
    await confirm();
    expect(screen.getByRole("alert").textContent).toBe("At most 3 emails an hour for this customer.");
    expect(calls.map((c) => c.idempotencyKey)).toEqual([calls[0]?.idempotencyKey, calls[0]?.idempotencyKey]);
    open();
    await confirm();
    expect(calls[2]?.idempotencyKey).not.toBe(calls[0]?.idempotencyKey);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("shows a refused ticket reference beside the field, not as a second alert", async () => {
    setup(() => ({
      ok: false,
      code: "INVALID_INPUT",
      message: "Some fields need attention.",
      fieldErrors: { ticketRef: ["Use letters, digits and # . / : - _ only."] },
    }));
    open();
    typeTicket("ZD 1");
    await confirm();
    const field = screen.getByLabelText("Ticket reference");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Use letters, digits and # . / : - _ only.")).toBeTruthy();
    expect(screen.queryByText("Some fields need attention.")).toBeNull();
  });
});
