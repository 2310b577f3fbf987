// The action column and the findings as the agent reads them: allowed sends as buttons
// with their consequence, refused ones folded under "Why not …", reactivation visible
// only where a ban makes customers ask for it; replies that offer before sending and
// confirm after; shared evidence referred to, not repeated; codes only in the details.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { diagnose } from "@/lib/diagnosis/diagnose";
import { NOW, account, accountFacts, ban, credentialChange, daysAgo, failures, signUpFacts, success, teammate } from "@/lib/diagnosis/fixtures";
import { DiagnosisPanel } from "./diagnosis-panel";
import { RecoveryActions } from "./recovery-actions";
import { UTC_TIME } from "@/lib/time/zone-time";

// The server actions are the server's business (their own integration tests); here
// they are inert references the dialogs and the reactivation form hold.
const { refuse } = vi.hoisted(() => ({ refuse: () => Promise.resolve({ ok: false as const, code: "FORBIDDEN" as const, message: "refused" }) }));
vi.mock("@/lib/actions/recovery/send-password-reset", () => ({ sendPasswordResetAction: vi.fn(refuse) }));
vi.mock("@/lib/actions/recovery/send-username-recovery", () => ({ sendUsernameRecoveryAction: vi.fn(refuse) }));
vi.mock("@/lib/actions/recovery/resend-confirmation", () => ({ resendConfirmationAction: vi.fn(refuse) }));
vi.mock("@/lib/actions/accounts/reactivate-account", () => ({ reactivateAccountAction: vi.fn(refuse) }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn() }) }));

afterEach(cleanup);

const owner = teammate({ id: 500, username: "acme", level: "OWNER" });
const alex = teammate({ id: 501, username: "alex" });
const bob = teammate({ id: 502, username: "bob", level: "RESTRICTED" });

const forgotten = diagnose(accountFacts({ integrations: [], loginAttempts: [...failures(5), success({ occurredAt: daysAgo(4) })] }), NOW);
const banned = diagnose(accountFacts({ account: account({ status: "BANNED" }), ban: ban({ id: 11 }), loginAttempts: failures(3) }), NOW);
const changed = diagnose(
  accountFacts({
    teammates: [owner, alex, bob],
    credentialChanges: [credentialChange({ teammateId: alex.id, actorLabel: "alex", occurredAt: daysAgo(1) })],
    loginAttempts: [...failures(3, { teammateId: bob.id }), success({ teammateId: bob.id, occurredAt: daysAgo(3) })],
  }),
  NOW,
);

describe("RecoveryActions: one card", () => {
  it("an active account: the allowed sends are buttons with their consequence, the recommended first; the rest folded under Why not", () => {
    render(<RecoveryActions diagnosis={forgotten} target={{ accountId: 7 }} recipient="c@example.test" />);
    const items = screen.getAllByTestId(/^verdict-/).filter((el) => el.getAttribute("data-allowed") === "true");
    expect(items.map((el) => el.getAttribute("data-testid"))).toEqual(["verdict-send_password_reset", "verdict-send_username_recovery"]);
    expect(within(items[0] as HTMLElement).getByRole("button", { name: "Send password reset" })).toBeTruthy();
    expect(items[0]?.textContent).toContain("single-use link");
    expect(items[0]?.textContent).toContain("Recommended:");
    const folded = screen.getByTestId("refused-actions");
    expect(folded.tagName).toBe("DETAILS");
    expect(folded.hasAttribute("open")).toBe(false);
    expect(within(folded).getByText(/Why not resend confirmation email, reactivate account\?/)).toBeTruthy();
    // Reactivation is not offered, even disabled, outside the fold on an active account.
    expect(screen.queryByTestId("reactivate-button")).toBeNull();
  });

  it("a banned account: no send, reactivation visibly refused with its reason, the sends' refusals folded", () => {
    render(<RecoveryActions diagnosis={banned} target={{ accountId: 8 }} recipient="b@example.test" />);
    expect(screen.getByTestId("no-sends")).toBeTruthy();
    expect(screen.queryAllByRole("button", { name: /^Send/ })).toHaveLength(0);
    const reactivate = screen.getByTestId("reactivate-button");
    expect((reactivate as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("verdict-reactivate_account").textContent).toMatch(/cannot reactivate/);
    const folded = screen.getByTestId("refused-actions");
    expect(within(folded).getByTestId("verdict-send_password_reset").textContent).toMatch(/banned/);
    expect(within(folded).queryByTestId("verdict-reactivate_account")).toBeNull();
  });

  it("a sign-up: only the confirmation resend, recommended", () => {
    render(<RecoveryActions diagnosis={diagnose(signUpFacts(), NOW)} target={{ signUpId: 3 }} recipient="s@example.test" />);
    expect(screen.getByRole("button", { name: "Resend confirmation email" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Send password reset" })).toBeNull();
  });
});

describe("DiagnosisPanel", () => {
  it("shows the reply open with a copy button; before sending it offers, after sending it confirms with the time", () => {
    const { rerender } = render(<DiagnosisPanel times={UTC_TIME} diagnosis={forgotten} sent={[]} />);
    const reply = screen.getByTestId("reply");
    expect(reply.closest("details")).toBeNull();
    expect(reply.getAttribute("data-sent")).toBe("false");
    expect(reply.textContent).toContain("I can send a password reset link");
    expect(within(reply).getByRole("button", { name: "Copy reply" })).toBeTruthy();

    rerender(<DiagnosisPanel times={UTC_TIME} diagnosis={forgotten} sent={[{ action: "send_password_reset", at: new Date("2026-11-10T11:58:00Z") }]} />);
    const sent = screen.getByTestId("reply");
    expect(sent.getAttribute("data-sent")).toBe("true");
    expect(sent.textContent).toContain("I sent a password reset link to the email address on your account at 2026-11-10 11:58 UTC");
  });

  it("copies the reply and says so", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={forgotten} sent={[]} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy reply" }));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenCalledWith(forgotten.findings[0]?.customerReply);
    expect(within(screen.getByTestId("reply")).getByText("Copied")).toBeTruthy();
  });

  it("lists shared evidence once, under the top finding, and the other finding refers to it", () => {
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={changed} sent={[]} />);
    const [top, second] = screen.getAllByTestId("finding");
    expect(top?.getAttribute("data-code")).toBe("CREDENTIALS_CHANGED_BY_OTHER");
    expect(top?.querySelectorAll('[data-evidence^="login_attempt:"]')).toHaveLength(3);
    expect(second?.querySelectorAll('[data-evidence^="login_attempt:"]')).toHaveLength(0);
    const ref = within(second as HTMLElement).getByTestId("shared-evidence");
    expect(ref.textContent).toMatch(/^3 more items, listed under Password changed by teammate alex/);
    expect(ref.querySelector("a")?.getAttribute("href")).toBe("#finding-CREDENTIALS_CHANGED_BY_OTHER");
  });

  it("shows the finding's code only inside the engineers' details, not in the card's words", () => {
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={changed} sent={[]} />);
    const [top] = screen.getAllByTestId("finding");
    const code = within(top as HTMLElement).getByText("CREDENTIALS_CHANGED_BY_OTHER");
    expect(code.closest("details")).not.toBeNull();
    expect(within(top as HTMLElement).getByRole("heading", { level: 3 }).textContent).not.toContain("CREDENTIALS_CHANGED_BY_OTHER");
  });

  it("an overruled finding shows no reply of its own", () => {
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={banned} sent={[]} />);
    expect(screen.getAllByTestId("reply")).toHaveLength(1);
    expect(screen.getByTestId("reply").textContent).toContain("permanently closed");
  });
});
