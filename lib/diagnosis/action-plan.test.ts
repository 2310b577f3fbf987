// actionPlan and hourlyQuota (issue #21 items 1 and 3): never the wrong fix as the primary.
import { describe, expect, it } from "vitest";
import { actionPlan, hourlyQuota } from "./action-plan";
import type { LastSend } from "./compose-reply";
import { diagnose } from "./diagnose";
import { NOW, account, accountFacts, apiKey, attempt, failures, minutesAgo } from "./fixtures";
import { UTC_TIME } from "./time";
import type { SubjectFacts } from "./types";

const ACCOUNT_SENDS = ["send_password_reset", "send_username_recovery"] as const;
const lockedUntil = new Date(NOW.getTime() + 7 * 24 * 3_600_000);
const locked = accountFacts({ account: account({ lockedUntil }), loginAttempts: [attempt({ reason: "LOCKED", occurredAt: minutesAgo(1) }), ...failures(5)] });
const wrongPassword = accountFacts({ loginAttempts: failures(3) });
const apiRejected = accountFacts({
  apiKeys: [apiKey({ prefix: "SG.e2kX", revokedAt: minutesAgo(600) })],
  loginAttempts: failures(4, { channel: "SMTP", reason: "BAD_API_KEY", apiKeyPrefix: "SG.e2kX" }),
});
const openReset: LastSend = {
  action: "send_password_reset",
  at: minutesAgo(20),
  status: "SENT",
  link: { state: "open", expiresAt: new Date(minutesAgo(20).getTime() + 3_600_000) },
};

const plan = (facts: SubjectFacts, last: LastSend | null = null) => actionPlan(diagnose(facts, NOW), ACCOUNT_SENDS, last, null, NOW, UTC_TIME);

describe("actionPlan", () => {
  it("wrong password: the reset is the primary", () => {
    expect(plan(wrongPassword).primary).toEqual({ kind: "send", action: "send_password_reset" });
  });

  it("locked: copy the 'wait until' reply; the reset folds away, labelled with when it can work", () => {
    const p = plan(locked);
    expect(p.primary).toEqual({ kind: "copy_reply", because: "no_fix_to_send" });
    expect(p.others).toContainEqual({ action: "send_password_reset", fits: false, note: `Works only once the lock ends at ${UTC_TIME.at(lockedUntil)}` });
  });

  it("API credentials rejected: no reset as the primary, and the reset is not for this problem", () => {
    const p = plan(apiRejected);
    expect(p.primary.kind).toBe("copy_reply");
    expect(p.others.find((o) => o.action === "send_password_reset")?.fits).toBe(false);
  });

  it("after the reset went out: the primary becomes copying the reply, sending again is secondary, and it warns it cancels the live link", () => {
    const p = plan(wrongPassword, openReset);
    expect(p.primary).toEqual({ kind: "copy_reply", because: "sent" });
    expect(p.others[0]).toEqual({ action: "send_password_reset", fits: true, note: "Send again" });
    expect(p.cancelsLiveLink?.text).toBe("A reset was sent at 2026-11-10 11:40 UTC and is open until 2026-11-10 12:40 UTC; sending again cancels it.");
  });

  it("a failed or spent reset leaves the reset as the primary and warns of nothing", () => {
    expect(plan(wrongPassword, { ...openReset, status: "FAILED", link: { state: "cancelled" } }).primary).toEqual({
      kind: "send",
      action: "send_password_reset",
    });
    expect(plan(wrongPassword, { ...openReset, link: { state: "expired" } }).cancelsLiveLink).toBeNull();
  });

  it("the hourly quota: '2 of 3 this hour', and at the limit the time one frees", () => {
    const d = diagnose(wrongPassword, NOW);
    const two = actionPlan(d, ACCOUNT_SENDS, null, hourlyQuota([minutesAgo(50), minutesAgo(10), minutesAgo(61)], 3, NOW), NOW, UTC_TIME);
    expect(two.quota).toEqual({ text: "2 of 3 this hour", disabledUntil: null });
    const full = actionPlan(d, ACCOUNT_SENDS, null, hourlyQuota([minutesAgo(50), minutesAgo(10), minutesAgo(5)], 3, NOW), NOW, UTC_TIME);
    expect(full.quota).toEqual({ text: "3 of 3 this hour: the next can be sent from 2026-11-10 12:10 UTC", disabledUntil: new Date("2026-11-10T12:10:00Z") });
  });
});
