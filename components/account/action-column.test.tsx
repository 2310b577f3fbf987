// The action column and the findings as the agent reads them: allowed sends as buttons
// with their consequence, refused ones folded under "Why not …", reactivation visible
// only where a ban makes customers ask for it; replies that offer before sending and
// confirm after; shared evidence referred to, not repeated; codes only in the details.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { diagnose } from "@/lib/diagnosis/diagnose";
import { NOW, account, accountFacts, ban, credentialChange, daysAgo, failures, signUpFacts, success, teammate } from "@/lib/diagnosis/fixtures";
import { actionPlan } from "@/lib/diagnosis/action-plan";
import { composeReply } from "@/lib/diagnosis/compose-reply";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { DiagnosisPanel } from "./diagnosis-panel";
import { RecoveryActions } from "./recovery-actions";
import { ReplyBox } from "./reply-box";
import { ACCOUNT_SENDS, SIGN_UP_SENDS } from "./workspace-model";
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

const planOf = (d: Diagnosis, sends = ACCOUNT_SENDS) => actionPlan(d, sends, null, null, NOW, UTC_TIME);
const locked = diagnose(
  accountFacts({ account: account({ lockedUntil: new Date(NOW.getTime() + 7 * 86_400_000) }), integrations: [], loginAttempts: failures(5) }),
  NOW,
);

describe("RecoveryActions: one card", () => {
  it("an active account: the primary is pointed at, the send that does not fit folds under Other actions, marked; refusals under Why not", () => {
    render(<RecoveryActions diagnosis={forgotten} target={{ accountId: 7 }} recipient="c@example.test" plan={planOf(forgotten)} />);
    const fits = screen.getAllByTestId(/^verdict-/).filter((el) => el.getAttribute("data-fits") === "true");
    expect(fits.map((el) => el.getAttribute("data-testid"))).toEqual(["verdict-send_password_reset"]);
    expect(fits[0]?.textContent).toContain("Recommended:");
    const other = screen.getByTestId("other-actions");
    expect(other.tagName).toBe("DETAILS");
    const username = within(other).getByTestId("verdict-send_username_recovery");
    expect(username.getAttribute("data-fits")).toBe("false");
    expect(username.textContent).toContain("not for this problem");
    expect(within(username).getByRole("button", { name: "Send username reminder" })).toBeTruthy();
    const folded = screen.getByTestId("refused-actions");
    expect(folded.tagName).toBe("DETAILS");
    expect(folded.hasAttribute("open")).toBe(false);
    expect(within(folded).getByText(/Why not resend confirmation email, reactivate account\?/)).toBeTruthy();
    // Reactivation is not offered, even disabled, outside the fold on an active account.
    expect(screen.queryByTestId("reactivate-button")).toBeNull();
  });

  it("a banned account: no send, reactivation visibly refused with its reason, the sends' refusals folded", () => {
    render(<RecoveryActions diagnosis={banned} target={{ accountId: 8 }} recipient="b@example.test" plan={planOf(banned)} />);
    expect(screen.getByTestId("no-sends")).toBeTruthy();
    expect(screen.queryAllByRole("button", { name: /^Send/ })).toHaveLength(0);
    const reactivate = screen.getByTestId("reactivate-button");
    expect((reactivate as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("verdict-reactivate_account").textContent).toMatch(/cannot reactivate/);
    const folded = screen.getByTestId("refused-actions");
    expect(within(folded).getByTestId("verdict-send_password_reset").textContent).toMatch(/banned/);
    expect(within(folded).queryByTestId("verdict-reactivate_account")).toBeNull();
  });

  it("a sign-up: the confirmation resend is the primary, nothing else is offered", () => {
    const d = diagnose(signUpFacts(), NOW);
    render(<RecoveryActions diagnosis={d} target={{ signUpId: 3 }} recipient="s@example.test" plan={planOf(d, SIGN_UP_SENDS)} />);
    expect(screen.getByRole("button", { name: "Resend confirmation email" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Send password reset" })).toBeNull();
  });

  it("locked: no send is the primary; the reset folds under Other actions with when it can work (issue #21 item 3)", () => {
    render(<RecoveryActions diagnosis={locked} target={{ accountId: 9 }} recipient="l@example.test" plan={planOf(locked)} />);
    expect(screen.getByTestId("no-sends")).toBeTruthy();
    const reset = within(screen.getByTestId("other-actions")).getByTestId("verdict-send_password_reset");
    expect(reset.textContent).toContain("not for this problem");
    expect(reset.textContent).toContain("Works only once the lock ends at");
  });
});

describe("ReplyBox", () => {
  it("one reply under the verdict with a copy button; before sending it offers, after sending it confirms in UTC", () => {
    const { rerender } = render(<ReplyBox reply={composeReply(forgotten, null, NOW)} times={UTC_TIME} />);
    const reply = screen.getByTestId("reply");
    expect(reply.getAttribute("data-sent")).toBe("false");
    expect(reply.textContent).toContain("I can send a password reset link");
    expect(within(reply).getByRole("button", { name: "Copy reply" })).toBeTruthy();
    const at = new Date("2026-11-10T11:58:00Z");
    rerender(<ReplyBox reply={composeReply(forgotten, { action: "send_password_reset", at, status: "SENT", link: null }, NOW)} times={UTC_TIME} />);
    const sent = screen.getByTestId("reply");
    expect(sent.getAttribute("data-sent")).toBe("true");
    expect(sent.textContent).toContain("I sent a password reset link to the email address on your account at 2026-11-10 11:58 UTC");
  });

  it("copies the reply and says so", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const reply = composeReply(forgotten, null, NOW);
    render(<ReplyBox reply={reply} times={UTC_TIME} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy reply" }));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenCalledWith(reply.text);
    expect(within(screen.getByTestId("reply")).getByText("Copied")).toBeTruthy();
  });

  it("a banned account's reply is the ban's; the overruled wrong-password wording folds under Other wording", () => {
    render(<ReplyBox reply={composeReply(banned, null, NOW)} times={UTC_TIME} />);
    expect(screen.getByTestId("reply-text").textContent).toContain("permanently closed");
    const other = screen.getByTestId("other-wording");
    expect(other.tagName).toBe("DETAILS");
    expect(other.querySelector('[data-code="WRONG_PASSWORD"]')).not.toBeNull();
  });
});

describe("DiagnosisPanel", () => {
  it("lists shared evidence once, under the top finding, and the other finding refers to it", () => {
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={changed} />);
    const [top, second] = screen.getAllByTestId("finding");
    expect(top?.getAttribute("data-code")).toBe("CREDENTIALS_CHANGED_BY_OTHER");
    expect(top?.querySelectorAll('[data-evidence^="login_attempt:"]')).toHaveLength(3);
    expect(second?.querySelectorAll('[data-evidence^="login_attempt:"]')).toHaveLength(0);
    const ref = within(second as HTMLElement).getByTestId("shared-evidence");
    expect(ref.textContent).toMatch(/^3 more items, listed under Password changed by teammate alex/);
    expect(ref.querySelector("a")?.getAttribute("href")).toBe("#finding-CREDENTIALS_CHANGED_BY_OTHER");
  });

  it("shows the finding's code only inside the engineers' details, not in the card's words", () => {
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={changed} />);
    const [top] = screen.getAllByTestId("finding");
    const code = within(top as HTMLElement).getByText("CREDENTIALS_CHANGED_BY_OTHER");
    expect(code.closest("details")).not.toBeNull();
    expect(within(top as HTMLElement).getByRole("heading", { level: 3 }).textContent).not.toContain("CREDENTIALS_CHANGED_BY_OTHER");
  });

  it("no reply inside the findings any more: the one reply is under the verdict", () => {
    render(<DiagnosisPanel times={UTC_TIME} diagnosis={banned} />);
    expect(screen.queryAllByTestId("reply")).toHaveLength(0);
  });
});
