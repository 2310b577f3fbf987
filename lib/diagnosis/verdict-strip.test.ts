// The verdict strip (account header) and the search rows' verdict: the text, the tone
// and the button, table-tested over the engine's own cases.
import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnose";
import { NOW, account, accountFacts, attempt, ban, credentialChange, daysAgo, failures, invoice, minutesAgo, signUpFacts, success, teammate } from "./fixtures";
import { replyFor } from "./replies";
import type { Diagnosis, Finding, SubjectFacts } from "./types";
import { formatRemaining, rowVerdict, verdictStrip, type RowFacts, type VerdictTone } from "./verdict-strip";

const owner = teammate({ id: 500, username: "acme", level: "OWNER" });
const alex = teammate({ id: 501, username: "alex" });
const bob = teammate({ id: 502, username: "bob", level: "RESTRICTED" });
const parentBan = ban({ id: 900, reason: "phishing" });

interface StripCase {
  name: string;
  facts: SubjectFacts;
  text: string;
  tone: VerdictTone;
  action: string | null;
  /** The same customer as a search row sees it (blocking states only), or null. */
  row: RowFacts | null;
}

const active: RowFacts = {
  kind: "account",
  status: "ACTIVE",
  loginMethod: "PASSWORD",
  lockedUntil: null,
  parentStatus: null,
  parentUsername: null,
  deletedAt: null,
};

const cases: StripCase[] = [
  {
    // The reset the wrong passwords call for does not lift the lock: not the strip's button (#21 item 3).
    name: "locked for a week: the time left, red, no reset beside it (wrong passwords behind the lock)",
    facts: accountFacts({
      account: account({ lockedUntil: new Date(NOW.getTime() + 7 * 24 * 3_600_000) }),
      loginAttempts: [attempt({ reason: "LOCKED", occurredAt: minutesAgo(1) }), ...failures(5)],
    }),
    text: "Locked · 7 days left",
    tone: "danger",
    action: null,
    row: { ...active, lockedUntil: new Date(NOW.getTime() + 7 * 24 * 3_600_000) },
  },
  {
    name: "locked for 20 minutes",
    facts: accountFacts({ account: account({ lockedUntil: new Date(NOW.getTime() + 20 * 60_000) }) }),
    text: "Locked · 20 minutes left",
    tone: "danger",
    action: null,
    row: { ...active, lockedUntil: new Date(NOW.getTime() + 20 * 60_000) },
  },
  {
    name: "banned (with wrong passwords): Banned, and no button since every send is refused",
    facts: accountFacts({ account: account({ status: "BANNED" }), ban: ban({ id: 11 }), loginAttempts: failures(3) }),
    text: "Banned",
    tone: "danger",
    action: null,
    row: { ...active, status: "BANNED" },
  },
  {
    name: "subuser of a banned parent",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", status: "BANNED", parentId: 1 }),
      parent: { id: 1, username: "acme", email: "ops@acme.test", status: "BANNED", ban: parentBan },
    }),
    text: "Banned with parent acme",
    tone: "danger",
    action: null,
    row: { ...active, status: "BANNED", parentStatus: "BANNED", parentUsername: "acme" },
  },
  {
    name: "deleted on the platform (also banned, with wrong passwords): the deletion, and no button",
    facts: accountFacts({ account: account({ status: "BANNED", deletedAt: daysAgo(2) }), ban: ban({ id: 12 }), loginAttempts: failures(3) }),
    text: "Deleted on the platform",
    tone: "danger",
    action: null,
    row: { ...active, status: "BANNED", deletedAt: daysAgo(2) },
  },
  {
    name: "terminated",
    facts: accountFacts({
      account: account({ status: "TERMINATED", terminatedAt: daysAgo(3) }),
      invoices: [invoice({ period: new Date("2026-09-01T00:00:00Z") })],
    }),
    text: "Terminated for non-payment",
    tone: "danger",
    action: null,
    row: { ...active, status: "TERMINATED" },
  },
  {
    name: "unconfirmed sign-up: resend offered",
    facts: signUpFacts(),
    text: "Email not confirmed · no account yet",
    tone: "danger",
    action: "resend_confirmation",
    row: { kind: "signup", status: "UNCONFIRMED", loginMethod: null, lockedUntil: null, parentStatus: null, parentUsername: null, deletedAt: null },
  },
  {
    name: "password changed by teammate alex: amber, reset offered",
    facts: accountFacts({
      teammates: [owner, alex, bob],
      credentialChanges: [credentialChange({ teammateId: alex.id, actorLabel: "alex", occurredAt: daysAgo(1) })],
      loginAttempts: [...failures(3, { teammateId: bob.id }), success({ teammateId: bob.id, occurredAt: daysAgo(3) })],
    }),
    text: "Password changed by teammate alex",
    tone: "warning",
    action: "send_password_reset",
    row: null,
  },
  {
    name: "forgotten password",
    facts: accountFacts({ loginAttempts: [...failures(5), success({ occurredAt: daysAgo(4) })] }),
    text: "Wrong password × 5",
    tone: "warning",
    action: "send_password_reset",
    row: null,
  },
  {
    name: "forgotten username: the reminder offered",
    facts: accountFacts({ unknownUsernameAttempts: failures(2, { reason: "UNKNOWN_USERNAME", usernameTried: "acmee" }) }),
    text: "Unknown username × 2",
    tone: "warning",
    action: "send_username_recovery",
    row: null,
  },
  {
    name: "nothing wrong: green, no button",
    facts: accountFacts(),
    text: "No problem found",
    tone: "success",
    action: null,
    row: null,
  },
  {
    name: "at risk: can sign in, blue",
    facts: accountFacts({ invoices: [invoice()] }),
    text: "Can sign in · at risk: 89.00 USD unpaid",
    tone: "info",
    action: null,
    row: null,
  },
];

describe("verdictStrip", () => {
  it.each(cases)("$name", ({ facts, text, tone, action }) => {
    const strip = verdictStrip(diagnose(facts, NOW));
    expect(strip).toMatchObject({ text, tone, action });
  });

  it.each(cases.filter((c) => c.row !== null))("search row reads as the header: $name", ({ facts, row }) => {
    if (row === null) return;
    expect(rowVerdict(row, NOW).text).toBe(verdictStrip(diagnose(facts, NOW))?.text);
  });

  it("an active row the search cannot diagnose says so in a neutral tone, never a reassuring 'Not blocked'", () => {
    expect(rowVerdict(active, NOW)).toEqual({ text: "Not diagnosed", tone: "neutral" });
    expect(rowVerdict({ ...active, lockedUntil: NOW }, NOW).text).toBe("Not diagnosed");
    // The page says red "Must sign in with Twilio" or blue "Signs in with Twilio" from the sign-ins tried: the row, which cannot tell, says neither.
    expect(rowVerdict({ ...active, loginMethod: "UNIFIED_LOGIN" }, NOW)).toEqual({ text: "Unified login", tone: "neutral" });
  });
});

describe("verdict strip and row verdict edges", () => {
  const finding = (code: Finding["code"], severity: Finding["severity"], actions: Finding["actions"]): Finding => ({
    code,
    severity,
    verdict: code,
    title: "",
    explanation: "",
    evidence: [],
    nextSteps: [],
    actions,
    customerReply: "",
    sentReply: null,
    overruledBy: null,
    sharedEvidence: [],
  });
  const allowed = { allowed: true as const, recommended: true, reason: "why", warning: null };

  it("no finding, no strip", () => {
    const empty: Diagnosis = { subjectKind: "account", findings: [], actions: diagnose(accountFacts(), NOW).actions, customerReply: "" };
    expect(verdictStrip(empty)).toBeNull();
  });

  it("the button is the action the top finding recommends, even when another recommended one comes first in the list", () => {
    const d: Diagnosis = {
      subjectKind: "account",
      findings: [finding("UNKNOWN_USERNAME", "likely", { send_username_recovery: { allowed: true, reason: "name" } }), finding("WRONG_PASSWORD", "likely", {})],
      actions: {
        send_password_reset: allowed,
        send_username_recovery: allowed,
        resend_confirmation: { allowed: false, reason: "no", refusedBy: null },
        reactivate_account: { allowed: false, reason: "no", refusedBy: null },
      },
      customerReply: "",
    };
    expect(verdictStrip(d)).toEqual({
      text: "UNKNOWN_USERNAME",
      tone: "warning",
      severity: "likely",
      code: "UNKNOWN_USERNAME",
      action: "send_username_recovery",
    });
    const informational = { ...d, findings: [finding("AT_RISK_NONPAYMENT", "informational", {})] };
    // Another finding's recommendation is never the strip's button.
    expect(verdictStrip(informational)).toMatchObject({ tone: "info", action: null });
  });

  it("a search row says why in red for each blocking state, the deletion above all", () => {
    const red = (text: string) => ({ text, tone: "danger" });
    expect(rowVerdict({ ...active, kind: "signup", status: "ACTIVE" }, NOW)).toEqual(red("Email not confirmed · no account yet"));
    expect(rowVerdict({ ...active, status: "UNCONFIRMED" }, NOW)).toEqual(red("Email not confirmed · no account yet"));
    expect(rowVerdict({ ...active, status: "BANNED", parentStatus: "BANNED", deletedAt: daysAgo(1) }, NOW)).toEqual(red("Deleted on the platform"));
    expect(rowVerdict({ ...active, status: "BANNED", parentStatus: "BANNED", parentUsername: "acme" }, NOW)).toEqual(red("Banned with parent acme"));
    expect(rowVerdict({ ...active, status: "BANNED", parentStatus: "BANNED" }, NOW)).toEqual(red("Banned with its parent account"));
    expect(rowVerdict({ ...active, status: "BANNED", lockedUntil: new Date(NOW.getTime() + 60_000) }, NOW)).toEqual(red("Banned"));
    expect(rowVerdict({ ...active, status: "TERMINATED" }, NOW)).toEqual(red("Terminated for non-payment"));
    expect(rowVerdict({ ...active, lockedUntil: new Date(NOW.getTime() + 1) }, NOW)).toEqual(red("Locked · 1 minute left"));
  });
});

describe("formatRemaining", () => {
  it.each([
    [30_000, "1 minute left"],
    [60_000, "1 minute left"],
    [20 * 60_000, "20 minutes left"],
    [119 * 60_000, "119 minutes left"],
    [3 * 3_600_000, "3 hours left"],
    [47 * 3_600_000, "47 hours left"],
    [7 * 24 * 3_600_000, "7 days left"],
    [120 * 60_000, "2 hours left"],
    [2 * 24 * 3_600_000 - 1, "48 hours left"],
    [2 * 24 * 3_600_000, "2 days left"],
    [6.5 * 24 * 3_600_000, "7 days left"],
  ])("%i ms: %s", (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});

describe("replyFor: the reply matches what has happened", () => {
  const forgot = diagnose(accountFacts({ loginAttempts: [...failures(5), success({ occurredAt: daysAgo(4) })] }), NOW);
  const finding = forgot.findings[0];
  if (finding === undefined) throw new Error("no finding");

  it("before anything is sent it offers the reset and claims nothing", () => {
    const reply = replyFor(finding, []);
    expect(reply.sentAt).toBeNull();
    expect(reply.text).toContain("I can send a password reset link");
    expect(reply.text).not.toMatch(/I (have )?sent/);
  });

  it("after the reset was sent it confirms it with the time", () => {
    const reply = replyFor(finding, [{ action: "send_password_reset", at: new Date("2026-11-10T11:58:00Z") }]);
    expect(reply.text).toMatch(/^I sent a password reset link to the email address on your account at 2026-11-10 11:58 UTC\./);
    expect(reply.sentAt?.toISOString()).toBe("2026-11-10T11:58:00.000Z");
  });

  it("a reset sent before the failures began, or another kind of email, confirms nothing", () => {
    expect(replyFor(finding, [{ action: "send_password_reset", at: daysAgo(20) }]).sentAt).toBeNull();
    expect(replyFor(finding, [{ action: "send_username_recovery", at: minutesAgo(1) }]).sentAt).toBeNull();
  });

  it("the newest matching email is quoted", () => {
    const reply = replyFor(finding, [
      { action: "send_password_reset", at: new Date("2026-11-10T11:55:00Z") },
      { action: "send_password_reset", at: new Date("2026-11-10T11:59:00Z") },
    ]);
    expect(reply.text).toContain("at 2026-11-10 11:59 UTC");
  });

  it("an email sent exactly when the first evidence happened counts; one a millisecond earlier does not", () => {
    const first = Math.min(...finding.evidence.flatMap((e) => (e.at === null ? [] : [e.at.getTime()])));
    expect(replyFor(finding, [{ action: "send_password_reset", at: new Date(first) }]).sentAt?.getTime()).toBe(first);
    expect(replyFor(finding, [{ action: "send_password_reset", at: new Date(first - 1) }]).sentAt).toBeNull();
    // Between the first and the last failure still counts: the problem had begun.
    const between = new Date(first + 30 * 60_000);
    expect(replyFor(finding, [{ action: "send_password_reset", at: between }]).sentAt).toEqual(between);
    const oldestLast = { ...finding, evidence: [...finding.evidence].reverse() };
    expect(replyFor(oldestLast, [{ action: "send_password_reset", at: between }]).sentAt).toEqual(between);
  });

  it("undated evidence does not move the start; a finding with nothing to send keeps its reply", () => {
    const dated = { ...finding, evidence: [{ label: "x", at: null, ref: { kind: "account" as const, id: 1 } }, ...finding.evidence] };
    expect(replyFor(dated, [{ action: "send_password_reset", at: daysAgo(20) }]).sentAt).toBeNull();
    const undated = { ...finding, evidence: [{ label: "x", at: null, ref: { kind: "account" as const, id: 1 } }] };
    expect(replyFor(undated, [{ action: "send_password_reset", at: daysAgo(20) }]).sentAt).toEqual(daysAgo(20));
    const banned = diagnose(accountFacts({ account: account({ status: "BANNED" }) }), NOW).findings[0];
    if (banned === undefined) throw new Error("no finding");
    expect(replyFor(banned, [{ action: "send_password_reset", at: minutesAgo(1) }])).toEqual({ text: banned.customerReply, sentAt: null });
  });

  it("a sign-up's reply offers the confirmation, then confirms it", () => {
    const d = diagnose(signUpFacts(), NOW);
    const f = d.findings[0];
    if (f === undefined) throw new Error("no finding");
    expect(replyFor(f, []).text).toContain("I can send a new confirmation email");
    expect(replyFor(f, [{ action: "resend_confirmation", at: minutesAgo(1) }]).text).toContain("I sent a new confirmation email to");
  });
});
