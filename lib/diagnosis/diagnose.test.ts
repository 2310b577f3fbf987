import { describe, expect, it } from "vitest";
import { PRIORITY, diagnose, rankFindings } from "./diagnose";
import {
  NOW,
  account,
  accountFacts,
  apiKey,
  attempt,
  ban,
  billingWarning,
  credentialChange,
  daysAgo,
  failures,
  integration,
  invoice,
  minutesAgo,
  signUpFacts,
  success,
  teammate,
} from "./fixtures";
import { AGENT_CHECKLIST, RULES, type Rule } from "./rules";
import { timeFormat } from "@/lib/time/zone-time";
import type { SubjectFacts, ActionName, Diagnosis, Finding, FindingCode, LoginAttemptFacts } from "./types";

type Verdict = "refused" | "allowed" | "recommended";

function verdicts(d: Diagnosis): Record<ActionName, Verdict> {
  const v = (name: ActionName): Verdict => {
    const a = d.actions[name];
    return !a.allowed ? "refused" : a.recommended ? "recommended" : "allowed";
  };
  return {
    send_password_reset: v("send_password_reset"),
    send_username_recovery: v("send_username_recovery"),
    resend_confirmation: v("resend_confirmation"),
    reactivate_account: v("reactivate_account"),
  };
}

const codes = (d: Diagnosis) => d.findings.map((f) => `${f.code}:${f.severity}`);

function find(d: Diagnosis, code: FindingCode): Finding {
  const f = d.findings.find((x) => x.code === code);
  if (f === undefined) throw new Error(`expected finding ${code}, got ${d.findings.map((x) => x.code).join(", ")}`);
  return f;
}

const owner = teammate({ id: 500, username: "acme", level: "OWNER" });
const alice = teammate({ id: 501, username: "alice" });
const bob = teammate({ id: 502, username: "bob", level: "RESTRICTED", scopes: ["mail.send"] });
const bannedParentBan = ban({ id: 900, bannedAt: new Date("2026-11-05T08:30:00Z"), reason: "phishing" });

interface Case {
  name: string;
  facts: SubjectFacts;
  codes: string[];
  actions: Record<ActionName, Verdict>;
}

const cases: Case[] = [
  {
    name: "1 unconfirmed sign-up: only resend confirmation",
    facts: signUpFacts(),
    codes: ["SIGNUP_UNCONFIRMED:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "recommended", reactivate_account: "refused" },
  },
  {
    name: "2 unified login with local wrong-password attempts",
    facts: accountFacts({
      account: account({ loginMethod: "UNIFIED_LOGIN", unifiedLoginId: "US123" }),
      loginAttempts: [...failures(3), attempt({ reason: "UNIFIED_LOGIN_REQUIRED", occurredAt: minutesAgo(5) }), success({ occurredAt: daysAgo(3) })],
    }),
    codes: ["UNIFIED_LOGIN_REQUIRED:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "2 unified login without failures: informational, plus no problem found",
    facts: accountFacts({ account: account({ loginMethod: "UNIFIED_LOGIN", unifiedLoginId: "US123" }) }),
    codes: ["UNIFIED_LOGIN_REQUIRED:informational", "NO_PROBLEM_FOUND:informational"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "3 credentials changed by teammate + wrong password: the change ranks first",
    facts: accountFacts({
      teammates: [alice, bob],
      integrations: [integration({ name: "Prod mailer" })],
      credentialChanges: [credentialChange({ teammateId: alice.id, actorLabel: "alice", occurredAt: daysAgo(1) })],
      loginAttempts: [...failures(4, { teammateId: bob.id, usernameTried: "bob" }), success({ teammateId: bob.id, occurredAt: daysAgo(3) })],
    }),
    codes: ["CREDENTIALS_CHANGED_BY_OTHER:likely", "WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "3 password changed through the shared login",
    facts: accountFacts({
      teammates: [owner, alice, bob],
      credentialChanges: [credentialChange({ occurredAt: daysAgo(2) })],
      loginAttempts: [...failures(2), success({ occurredAt: daysAgo(5) })],
    }),
    codes: ["CREDENTIALS_CHANGED_BY_OTHER:likely", "WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "3 one-person account: the account login changed its own password, then failed: plain wrong password (issue 13 item 6)",
    facts: accountFacts({
      teammates: [owner],
      credentialChanges: [credentialChange({ occurredAt: daysAgo(2) })],
      loginAttempts: [...failures(2), success({ occurredAt: daysAgo(5) })],
    }),
    codes: ["WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "3 one-person account with no teammate rows at all: the change is still the customer's own",
    facts: accountFacts({
      credentialChanges: [credentialChange({ occurredAt: daysAgo(2) })],
      loginAttempts: [...failures(2), success({ occurredAt: daysAgo(5) })],
    }),
    codes: ["WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "3 one-person account whose owner teammate changed the password: the customer's own",
    facts: accountFacts({
      teammates: [owner, teammate({ id: 509, username: "gone", deletedAt: daysAgo(40) })],
      credentialChanges: [credentialChange({ teammateId: owner.id, actorLabel: "acme", occurredAt: daysAgo(2) })],
      loginAttempts: [...failures(2), success({ occurredAt: daysAgo(5) })],
    }),
    codes: ["WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "3 teammate changed their own password then failed: plain wrong password",
    facts: accountFacts({
      teammates: [alice],
      credentialChanges: [credentialChange({ teammateId: alice.id, actorLabel: "alice", occurredAt: daysAgo(1) })],
      loginAttempts: [...failures(2, { teammateId: alice.id }), success({ occurredAt: daysAgo(5) })],
    }),
    codes: ["WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "4 forgotten password",
    facts: accountFacts({ loginAttempts: [...failures(7), success({ occurredAt: daysAgo(4) })] }),
    codes: ["WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "4 wrong password followed by a success: resolved, nothing wrong",
    facts: accountFacts({ loginAttempts: [success({ occurredAt: minutesAgo(1) }), ...failures(3)] }),
    codes: ["NO_PROBLEM_FOUND:informational"],
    actions: { send_password_reset: "allowed", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "5 forgotten username (unknown usernames from the account's IP)",
    facts: accountFacts({
      unknownUsernameAttempts: failures(3, { reason: "UNKNOWN_USERNAME", usernameTried: "acme-mail", ip: "203.0.113.9" }),
    }),
    codes: ["UNKNOWN_USERNAME:likely"],
    actions: { send_password_reset: "allowed", send_username_recovery: "recommended", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "6 API key revoked by a teammate",
    facts: accountFacts({
      teammates: [alice],
      apiKeys: [apiKey({ prefix: "SG.old99999", name: "Old key", revokedAt: daysAgo(1), revokedById: alice.id })],
      loginAttempts: [
        ...failures(12, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.old99999" }),
        success({ channel: "API", usernameTried: null, apiKeyPrefix: "SG.ab12cd34", occurredAt: daysAgo(2) }),
      ],
    }),
    codes: ["API_CREDENTIALS_REJECTED:likely"],
    actions: { send_password_reset: "allowed", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "7 terminated for non-payment",
    facts: accountFacts({
      account: account({ status: "TERMINATED", terminatedAt: new Date("2026-10-27T03:00:00Z") }),
      invoices: [invoice({ id: 31, period: new Date("2026-09-01T00:00:00Z"), dueAt: new Date("2026-10-08T00:00:00Z") })],
      billingWarnings: [billingWarning({ id: 41, invoiceId: 31, kind: "PAYMENT_FAILED", sentAt: new Date("2026-10-02T00:00:00Z") })],
      loginAttempts: [attempt({ reason: "TERMINATED" })],
    }),
    codes: ["TERMINATED_NONPAYMENT:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "7 terminated + wrong password: termination first, reset refused",
    facts: accountFacts({
      account: account({ status: "TERMINATED", terminatedAt: new Date("2026-10-27T03:00:00Z") }),
      invoices: [invoice({ period: new Date("2026-09-01T00:00:00Z") })],
      loginAttempts: failures(5),
    }),
    codes: ["TERMINATED_NONPAYMENT:blocking", "WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "deleted on the platform + banned + wrong password: the deletion first, nothing allowed",
    facts: accountFacts({
      account: account({ status: "BANNED", deletedAt: new Date("2026-11-01T09:00:00Z") }),
      ban: ban(),
      loginAttempts: failures(5),
    }),
    codes: ["ACCOUNT_DELETED:blocking", "ACCOUNT_BANNED:blocking", "WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "7 at risk: unpaid October invoice, still active",
    facts: accountFacts({ invoices: [invoice()], billingWarnings: [billingWarning({ kind: "PAYMENT_FAILED", sentAt: daysAgo(8) })] }),
    codes: ["AT_RISK_NONPAYMENT:informational", "NO_PROBLEM_FOUND:informational"],
    actions: { send_password_reset: "allowed", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "8 banned + wrong password: ban first, reset refused",
    facts: accountFacts({
      account: account({ status: "BANNED" }),
      ban: ban({ id: 11 }),
      loginAttempts: [...failures(4), attempt({ reason: "BANNED", occurredAt: minutesAgo(2) })],
      subusers: [{ id: 2, username: "acme-eu", status: "BANNED" }],
      dedicatedIps: [{ id: 5, address: "192.0.2.50", assignedAt: daysAgo(300), removedAt: daysAgo(3), removedReason: "ban" }],
    }),
    codes: ["ACCOUNT_BANNED:blocking", "WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "8 banned + unpaid invoice: the balance is an informational finding after the ban (issue 13 item 5)",
    facts: accountFacts({
      account: account({ status: "BANNED" }),
      ban: ban({ id: 12 }),
      invoices: [invoice({ id: 77, amountCents: 8995 })],
      billingWarnings: [billingWarning({ id: 78, invoiceId: 77, kind: "REMINDER", sentAt: daysAgo(3) })],
    }),
    codes: ["ACCOUNT_BANNED:blocking", "UNPAID_BALANCE:informational"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "8 banned with every invoice paid: no balance finding",
    facts: accountFacts({
      account: account({ status: "BANNED" }),
      ban: ban({ id: 12 }),
      invoices: [invoice({ id: 77, paidAt: daysAgo(20) })],
    }),
    codes: ["ACCOUNT_BANNED:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "8b subuser of a banned parent with an unpaid invoice of its own: the balance follows the parent's ban",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", status: "BANNED", parentId: 1 }),
      parent: { id: 1, username: "acme", email: "ops@acme.test", status: "BANNED", ban: bannedParentBan },
      ban: ban({ id: 901, inheritedFromId: bannedParentBan.id, bannedAt: bannedParentBan.bannedAt, reason: "parent banned" }),
      invoices: [invoice({ id: 79, period: new Date("2026-11-01T00:00:00Z") })],
    }),
    codes: ["PARENT_BANNED:blocking", "UNPAID_BALANCE:informational"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "7 terminated with its unpaid invoice: the termination says it, no second balance finding",
    facts: accountFacts({
      account: account({ status: "TERMINATED", terminatedAt: new Date("2026-10-27T03:00:00Z") }),
      invoices: [invoice({ period: new Date("2026-09-01T00:00:00Z") })],
    }),
    codes: ["TERMINATED_NONPAYMENT:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "8b subuser of a banned parent",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", status: "BANNED", parentId: 1 }),
      parent: { id: 1, username: "acme", email: "ops@acme.test", status: "BANNED", ban: bannedParentBan },
      ban: ban({ id: 901, inheritedFromId: bannedParentBan.id, bannedAt: bannedParentBan.bannedAt, reason: "parent banned" }),
    }),
    codes: ["PARENT_BANNED:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "8b subuser whose parent is banned but whose own ban row is missing",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", status: "ACTIVE", parentId: 1 }),
      parent: { id: 1, username: "acme", email: "ops@acme.test", status: "BANNED", ban: bannedParentBan },
    }),
    codes: ["PARENT_BANNED:blocking"],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "temporarily locked + wrong password",
    facts: accountFacts({
      account: account({ lockedUntil: new Date(NOW.getTime() + 25 * 60_000) }),
      loginAttempts: [attempt({ reason: "LOCKED", occurredAt: minutesAgo(1) }), ...failures(5), success({ occurredAt: daysAgo(3) })],
    }),
    codes: ["TEMPORARILY_LOCKED:blocking", "WRONG_PASSWORD:likely"],
    actions: { send_password_reset: "recommended", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "expired lock is no finding",
    facts: accountFacts({ account: account({ lockedUntil: minutesAgo(1) }) }),
    codes: ["NO_PROBLEM_FOUND:informational"],
    actions: { send_password_reset: "allowed", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "9 nothing wrong",
    facts: accountFacts(),
    codes: ["NO_PROBLEM_FOUND:informational"],
    actions: { send_password_reset: "allowed", send_username_recovery: "allowed", resend_confirmation: "refused", reactivate_account: "refused" },
  },
  {
    name: "everything at once ranks by the fixed priority",
    facts: accountFacts({
      account: account({ status: "BANNED", loginMethod: "PASSWORD", lockedUntil: new Date(NOW.getTime() + 60_000) }),
      ban: ban(),
      teammates: [owner, alice],
      credentialChanges: [credentialChange({ occurredAt: daysAgo(2) })],
      loginAttempts: [...failures(2), ...failures(2, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.zz" })],
      unknownUsernameAttempts: failures(1, { reason: "UNKNOWN_USERNAME", usernameTried: "acmee" }),
      invoices: [invoice()],
    }),
    codes: [
      "ACCOUNT_BANNED:blocking",
      "TEMPORARILY_LOCKED:blocking",
      "CREDENTIALS_CHANGED_BY_OTHER:likely",
      "WRONG_PASSWORD:likely",
      "UNKNOWN_USERNAME:likely",
      "API_CREDENTIALS_REJECTED:likely",
      "UNPAID_BALANCE:informational",
    ],
    actions: { send_password_reset: "refused", send_username_recovery: "refused", resend_confirmation: "refused", reactivate_account: "refused" },
  },
];

describe("diagnose: cases and combinations", () => {
  it.each(cases)("$name", ({ facts, codes: expected, actions }) => {
    const d = diagnose(facts, NOW);
    expect(codes(d)).toEqual(expected);
    expect(verdicts(d)).toEqual(actions);
  });
});

function caseFacts(name: string): SubjectFacts {
  const c = cases.find((x) => x.name.startsWith(name));
  if (c === undefined) throw new Error(`no case named ${name}`);
  return c.facts;
}

describe("diagnose: details the agent relies on", () => {
  it("ban refuses reset with the ban's reason and names the finding, and the reactivation reason points to the ban email", () => {
    const d = diagnose(caseFacts("8 banned + wrong password"), NOW);
    expect(d.actions.send_password_reset).toEqual({
      allowed: false,
      reason: "The account is banned: a new password or a username reminder cannot restore access.",
      refusedBy: "ACCOUNT_BANNED",
    });
    const reactivate = d.actions.reactivate_account;
    expect(reactivate.allowed).toBe(false);
    if (!reactivate.allowed) {
      expect(reactivate.refusedBy).toBe("ACCOUNT_BANNED");
      expect(reactivate.reason).toContain("support cannot reactivate");
      expect(reactivate.reason).toContain("reply to the email");
    }
    const f = find(d, "ACCOUNT_BANNED");
    expect(f.title).toBe("Account banned on 2026-11-07 12:00 UTC");
    expect(f.evidence.map((e) => e.ref.kind)).toEqual(["ban", "subuser", "dedicated_ip", "login_attempt"]);
    expect(f.explanation).toContain("1 subuser of 1 banned with it; 1 dedicated IP removed.");
    expect(f.nextSteps[1]).toContain("BAN-2026-0042");
  });

  it("banned + wrong password: the wrong-password finding is overruled and the diagnosis reply is the ban's", () => {
    const d = diagnose(caseFacts("8 banned + wrong password"), NOW);
    expect(d.findings.map((f) => [f.code, f.overruledBy])).toEqual([
      ["ACCOUNT_BANNED", null],
      ["WRONG_PASSWORD", "ACCOUNT_BANNED"],
    ]);
    expect(find(d, "WRONG_PASSWORD").nextSteps[0]).toBe(
      "Password reset is refused here. The account is banned: a new password or a username reminder cannot restore access.",
    );
    expect(d.customerReply).toBe(find(d, "ACCOUNT_BANNED").customerReply);
  });

  it("a recommendation refused only by a lower-ranked finding still overrules it, and the reply comes from the refusing one", () => {
    // Informational unified login (no failures) ranks below a likely credential change.
    const d = diagnose(
      accountFacts({
        account: account({ loginMethod: "UNIFIED_LOGIN" }),
        teammates: [owner, alice],
        credentialChanges: [credentialChange({ kind: "PASSWORD", occurredAt: daysAgo(2) })],
        loginAttempts: failures(2, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.zz" }),
      }),
      NOW,
    );
    expect(d.findings.map((f) => [f.code, f.overruledBy])).toEqual([
      ["CREDENTIALS_CHANGED_BY_OTHER", "UNIFIED_LOGIN_REQUIRED"],
      ["API_CREDENTIALS_REJECTED", null],
      ["UNIFIED_LOGIN_REQUIRED", null],
    ]);
    expect(d.customerReply).toBe(find(d, "API_CREDENTIALS_REJECTED").customerReply);
  });

  it("active account: reactivation refused as nothing to reactivate", () => {
    const d = diagnose(accountFacts(), NOW);
    expect(d.actions.reactivate_account).toEqual({
      allowed: false,
      reason: "The account is active: there is nothing to reactivate.",
      refusedBy: null,
    });
  });

  it("password reset warning lists the password integrations by name", () => {
    const d = diagnose(
      accountFacts({
        integrations: [
          integration({ id: 71, name: "Prod mailer", kind: "SMTP_RELAY", apiUser: "acme" }),
          integration({ id: 72, name: "CRM sync", kind: "LEGACY_API", apiUser: "acme" }),
        ],
        loginAttempts: failures(2),
      }),
      NOW,
    );
    const reset = d.actions.send_password_reset;
    if (!reset.allowed) throw new Error("reset should be allowed");
    expect(reset.recommended).toBe(true);
    expect(reset.warning?.integrations.map((i) => i.name)).toEqual(["Prod mailer", "CRM sync"]);
    expect(d.customerReply).toBe(find(d, "WRONG_PASSWORD").customerReply);
    expect(reset.warning?.message).toBe(
      'A new password stops these 2 integrations until the customer updates them: "Prod mailer" (SMTP relay, user acme), "CRM sync" (legacy API, user acme).',
    );
    expect(find(d, "WRONG_PASSWORD").customerReply).toContain('"Prod mailer", "CRM sync"');
  });

  it("wrong password title counts failures since the last success with UTC dates", () => {
    const d = diagnose(accountFacts({ loginAttempts: [...failures(7), success({ occurredAt: new Date("2026-11-08T09:15:00Z") })] }), NOW);
    const f = find(d, "WRONG_PASSWORD");
    expect(f.title).toBe("Wrong password 7 times since 2026-11-10 (web); last at 2026-11-10 11:50 UTC");
    expect(f.explanation).toContain("Last successful web sign-in: 2026-11-08 09:15 UTC.");
    expect(f.evidence).toHaveLength(7);
  });

  it("evidence shared by two findings is listed once, under the higher-ranked one; the other refers to it (issue 13 item 4)", () => {
    const d = diagnose(caseFacts("3 credentials changed by teammate"), NOW);
    const changed = find(d, "CREDENTIALS_CHANGED_BY_OTHER");
    const wrong = find(d, "WRONG_PASSWORD");
    const listed = changed.evidence.filter((e) => e.ref.kind === "login_attempt").map((e) => e.ref.id);
    expect(listed).toHaveLength(4);
    expect(wrong.evidence.filter((e) => listed.includes(String(e.ref.id)))).toEqual([]);
    expect(wrong.sharedEvidence).toEqual([{ code: "CREDENTIALS_CHANGED_BY_OTHER", title: changed.title, count: 4 }]);
    expect(changed.sharedEvidence).toEqual([]);
  });

  it("the same evidence item twice within one finding is listed once", () => {
    const d = diagnose(
      accountFacts({
        apiKeys: [
          {
            id: 6,
            name: "production",
            prefix: "SG.6yjm",
            createdAt: daysAgo(90),
            lastUsedAt: null,
            createdById: null,
            revokedAt: daysAgo(3),
            revokedById: null,
          },
        ],
        loginAttempts: [
          ...failures(2, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.6yjm" }),
          ...failures(2, { channel: "SMTP", reason: "BAD_API_KEY", usernameTried: "apikey", apiKeyPrefix: "SG.6yjm" }, 5),
        ],
      }),
      NOW,
    );
    const keys = find(d, "API_CREDENTIALS_REJECTED").evidence.filter((e) => e.ref.kind === "api_key");
    expect(keys).toHaveLength(1);
    // Not "see API credentials rejected for 1 item" pointing at itself.
    expect(find(d, "API_CREDENTIALS_REJECTED").sharedEvidence).toEqual([]);
  });

  it("credentials change names who changed it and who is failing", () => {
    const d = diagnose(caseFacts("3 credentials changed by teammate"), NOW);
    const f = find(d, "CREDENTIALS_CHANGED_BY_OTHER");
    expect(f.title).toBe("Password changed by teammate alice on 2026-11-09 12:00 UTC");
    expect(f.explanation).toContain("for teammate bob");
    expect(f.nextSteps[1]).toContain("own teammate login");
    expect(f.evidence[0]?.ref.kind).toBe("credential_change");
  });

  it("the owner failing after a teammate's change is called the owner, not a teammate (issue 19 item 10)", () => {
    const d = diagnose(
      accountFacts({
        teammates: [owner, alice],
        credentialChanges: [credentialChange({ teammateId: alice.id, actorLabel: "alice", occurredAt: daysAgo(1) })],
        loginAttempts: failures(2, { teammateId: owner.id }),
      }),
      NOW,
    );
    const f = find(d, "CREDENTIALS_CHANGED_BY_OTHER");
    expect(f.explanation).toContain("failed (web) for the owner acme, who probably still has the old details");
    expect(f.explanation).not.toContain("teammate acme");
  });

  it("a change by the owner of a shared account says the owner made it", () => {
    const d = diagnose(
      accountFacts({
        teammates: [owner, alice],
        credentialChanges: [credentialChange({ teammateId: owner.id, actorLabel: "acme", occurredAt: daysAgo(1) })],
        loginAttempts: failures(2, { teammateId: alice.id, usernameTried: "alice" }),
      }),
      NOW,
    );
    const f = find(d, "CREDENTIALS_CHANGED_BY_OTHER");
    expect(f.verdict).toBe("Password changed by the owner acme");
    expect(f.nextSteps[0]).toBe("Ask the customer to check with the owner acme, who made the change.");
    expect(f.explanation).toContain("for teammate alice,");
  });

  it("sign-up: explains the pending state and the link", () => {
    const d = diagnose(signUpFacts({ confirmationExpiresAt: daysAgo(1), confirmationsSent: 3 }), NOW);
    const f = find(d, "SIGNUP_UNCONFIRMED");
    expect(f.title).toBe("No account yet: sign-up pending since 2026-11-08 12:00 UTC");
    expect(f.explanation).toContain("3 confirmation emails sent");
    expect(f.explanation).toContain("the latest link expired at 2026-11-09 12:00 UTC");
    expect(d.actions.send_password_reset).toMatchObject({ allowed: false, refusedBy: "SIGNUP_UNCONFIRMED" });
  });

  it("terminated: amount, invoice month and warnings in the explanation; billing in next steps", () => {
    const d = diagnose(caseFacts("7 terminated for non-payment"), NOW);
    const f = find(d, "TERMINATED_NONPAYMENT");
    expect(f.title).toBe("Terminated on 2026-10-27 03:00 UTC for an unpaid balance of 89.00 USD");
    expect(f.explanation).toContain("September 2026 (89.00 USD, due 2026-10-08)");
    expect(f.explanation).toContain("1 warning email sent (payment failed 2026-10-02)");
    expect(f.nextSteps[0]).toContain("billing support");
    expect(f.evidence.map((e) => e.ref)).toEqual([
      { kind: "account", id: 1 },
      { kind: "invoice", id: 31 },
      { kind: "billing_warning", id: 41 },
    ]);
  });

  it("at risk: gives the termination window of this month in UTC", () => {
    const f = find(diagnose(caseFacts("7 at risk"), NOW), "AT_RISK_NONPAYMENT");
    expect(f.title).toBe("At risk: 89.00 USD unpaid; termination between 2026-11-24 and 2026-11-30 unless paid");
    expect(f.explanation).toContain("between 2026-11-24 and 2026-11-30");
    expect(f.customerReply).toContain("before 2026-11-24");
  });

  it("at risk: an invoice due exactly now is overdue; an active account with a ban row is left to the ban", () => {
    expect(codes(diagnose(accountFacts({ invoices: [invoice({ dueAt: NOW })] }), NOW))).toContain("AT_RISK_NONPAYMENT:informational");
    expect(codes(diagnose(accountFacts({ invoices: [invoice({ dueAt: new Date(NOW.getTime() + 1) })] }), NOW))).not.toContain(
      "AT_RISK_NONPAYMENT:informational",
    );
    expect(codes(diagnose(accountFacts({ ban: ban(), invoices: [invoice()] }), NOW))).toEqual(["ACCOUNT_BANNED:blocking", "UNPAID_BALANCE:informational"]);
  });

  it("at risk: an invoice of the current month, or a paid one, or one not yet due without warning, is no risk", () => {
    const facts = accountFacts({
      invoices: [
        invoice({ period: new Date("2026-11-01T00:00:00Z"), dueAt: daysAgo(1) }),
        invoice({ period: new Date("2026-09-01T00:00:00Z"), paidAt: daysAgo(40) }),
        invoice({ period: new Date("2026-10-01T00:00:00Z"), dueAt: daysAgo(-5) }),
      ],
    });
    expect(codes(diagnose(facts, NOW))).toEqual(["NO_PROBLEM_FOUND:informational"]);
  });

  it("API rejection explains the revoked key and who revoked it; no password reset recommended", () => {
    const d = diagnose(caseFacts("6 API key revoked"), NOW);
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.title).toBe("API credentials rejected 12 times since 2026-11-10 (API)");
    expect(f.explanation).toContain('Key SG.old99999 ("Old key") was revoked on 2026-11-09 12:00 UTC by teammate alice.');
    expect(f.explanation).toContain("Last successful API/SMTP request: 2026-11-08 12:00 UTC.");
    expect(f.evidence[0]?.ref.kind).toBe("api_key");
    expect(f.customerReply).toBe(
      "Requests from your integration are being refused. The API key your integration sends (starting SG.old99999) was revoked on 2026-11-09. " +
        "Please create a new API key in your account settings and update your integration with it.",
    );
  });

  it("API rejection of a password integration: update it with the current password", () => {
    const d = diagnose(
      accountFacts({
        integrations: [integration({ id: 81, kind: "LEGACY_API", name: "CRM sync", apiUser: "acme" })],
        loginAttempts: failures(3, { channel: "SMTP", reason: "WRONG_PASSWORD" }),
      }),
      NOW,
    );
    expect(d.findings.map((f) => f.code)).toEqual(["API_CREDENTIALS_REJECTED"]);
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.title).toBe("API credentials rejected 3 times since 2026-11-10 (SMTP)");
    expect(f.evidence[0]?.ref).toEqual({ kind: "integration", id: 81 });
    expect(f.customerReply).toContain('Please update "CRM sync" with your current account password');
  });

  it("SMTP wrong password with the account's own username: the password failed, not the user (issue 19 item 10)", () => {
    const d = diagnose(accountFacts({ loginAttempts: failures(2, { channel: "SMTP", reason: "WRONG_PASSWORD", usernameTried: "acme" }) }), NOW);
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.explanation).toContain('api_user "acme" is the account\'s own username: the user is right, the password sent with it is what failed.');
    expect(f.explanation).toMatch(/^2 requests refused since 2026-11-10 10:50 UTC \(wrong password\); last at 2026-11-10 11:50 UTC\. /);
    expect(f.explanation).not.toContain("not recognised");
    expect(f.customerReply).toBe(
      'Requests from your integration are being refused. Your integration signs in as "acme", which is a user on your account, but the password it sends does not match. ' +
        "Please update the integration with the current password for that user, or better, switch it to an API key.",
    );
  });

  it("SMTP wrong password with an active teammate's username names the teammate; a stranger's is not recognised", () => {
    const d = diagnose(
      accountFacts({
        teammates: [owner, alice],
        loginAttempts: [
          ...failures(1, { channel: "SMTP", reason: "WRONG_PASSWORD", usernameTried: "ALICE" }),
          ...failures(1, { channel: "SMTP", reason: "WRONG_PASSWORD", usernameTried: "mallory" }, 90),
        ],
      }),
      NOW,
    );
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.explanation).toContain('api_user "ALICE" is the username of teammate alice: the user is right, the password sent with it is what failed.');
    expect(f.explanation).toContain('api_user "mallory" is not recognised: mistyped or from another account.');
  });

  it("API rejection: the owner's teammate row does not hide that the user is the account's own; an SMTP relay is named as one", () => {
    const d = diagnose(
      accountFacts({
        teammates: [owner],
        integrations: [integration({ id: 92, kind: "SMTP_RELAY", name: "Relay", apiUser: "relay" })],
        loginAttempts: [
          ...failures(1, { channel: "SMTP", reason: "WRONG_PASSWORD", usernameTried: "acme" }),
          ...failures(1, { channel: "SMTP", reason: "WRONG_PASSWORD", usernameTried: "relay" }, 60),
          ...failures(1, { channel: "SMTP", reason: "UNKNOWN_USERNAME", usernameTried: "Acme" }, 120),
        ],
      }),
      NOW,
    );
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.explanation).toContain('api_user "acme" is the account\'s own username: the user is right, the password sent with it is what failed.');
    expect(f.explanation).toContain('api_user "relay" is the user integration "Relay" signs in with');
    // The platform said it knows no such user: that is what the agent is told.
    expect(f.explanation).toContain('api_user "Acme" is not recognised: mistyped or from another account.');
    expect(f.evidence[0]).toMatchObject({ label: 'Integration "Relay" (SMTP relay)', ref: { kind: "integration", id: 92 } });
  });

  it("API rejection: a failure is settled only by a later success with the same key and the same user", () => {
    const facts = (later: Partial<LoginAttemptFacts>) =>
      accountFacts({
        loginAttempts: [
          success({ channel: "SMTP", usernameTried: "apikey", apiKeyPrefix: "SG.ab", occurredAt: minutesAgo(1), ...later }),
          ...failures(1, { channel: "SMTP", reason: "BAD_API_KEY", usernameTried: "apikey", apiKeyPrefix: "SG.ab" }),
        ],
      });
    expect(codes(diagnose(facts({}), NOW))).toEqual(["NO_PROBLEM_FOUND:informational"]);
    expect(codes(diagnose(facts({ usernameTried: "other" }), NOW))).toContain("API_CREDENTIALS_REJECTED:likely");
    expect(codes(diagnose(facts({ apiKeyPrefix: "SG.cd" }), NOW))).toContain("API_CREDENTIALS_REJECTED:likely");
  });

  it("API rejection: first and last refusals are found across the account's attempts and the unknown-username ones", () => {
    const d = diagnose(
      accountFacts({
        loginAttempts: failures(1, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.zz" }, 60),
        unknownUsernameAttempts: [
          ...failures(1, { channel: "SMTP", reason: "UNKNOWN_USERNAME", usernameTried: "new" }, 5),
          ...failures(1, { channel: "SMTP", reason: "UNKNOWN_USERNAME", usernameTried: "old" }, 300),
        ],
      }),
      NOW,
    );
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.explanation).toMatch(
      /^3 requests refused since 2026-11-10 07:00 UTC \(unknown username, API key not recognised\); last at 2026-11-10 11:55 UTC\./,
    );
    expect(f.customerReply).toContain('The user name your integration sends ("new") is not recognised.');
  });

  it("API rejection: one revoked key sent under two prefixes is explained once, and the strip names it (issue #21 item 3)", () => {
    const sam = teammate({ id: 77, username: "sam" });
    const d = diagnose(
      accountFacts({
        teammates: [sam],
        apiKeys: [apiKey({ prefix: "SG.e2kX", name: "Relay", revokedAt: daysAgo(3), revokedById: 77 })],
        loginAttempts: [
          ...failures(2, { channel: "SMTP", reason: "BAD_API_KEY", usernameTried: "apikey", apiKeyPrefix: "SG.e2kX" }, 5),
          ...failures(2, { channel: "SMTP", reason: "BAD_API_KEY", usernameTried: "apikey", apiKeyPrefix: "SG.e2kX9" }, 200),
        ],
      }),
      NOW,
    );
    const f = find(d, "API_CREDENTIALS_REJECTED");
    expect(f.explanation.split('Key SG.e2kX ("Relay") was revoked').length - 1).toBe(1);
    expect(f.verdict).toBe("API key SG.e2kX… revoked by teammate sam · 4 refusals");
  });

  it("API rejection with an unknown key prefix", () => {
    const d = diagnose(
      accountFacts({
        apiKeys: [apiKey({ prefix: "SG.ab12cd34" })],
        loginAttempts: failures(1, { channel: "API", reason: "BAD_API_KEY", apiKeyPrefix: "SG.qq" }),
      }),
      NOW,
    );
    expect(find(d, "API_CREDENTIALS_REJECTED").explanation).toContain("No key on this account starts with SG.qq");
  });

  it("API failures settled by a later success with the same key are no finding", () => {
    const d = diagnose(
      accountFacts({
        loginAttempts: [
          success({ channel: "API", usernameTried: null, apiKeyPrefix: "SG.ab", occurredAt: minutesAgo(1) }),
          ...failures(3, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.ab" }),
        ],
      }),
      NOW,
    );
    expect(codes(d)).toEqual(["NO_PROBLEM_FOUND:informational"]);
  });

  it("no problem found: last success per channel and the agent checklist", () => {
    const f = find(diagnose(accountFacts(), NOW), "NO_PROBLEM_FOUND");
    expect(f.nextSteps).toEqual(AGENT_CHECKLIST);
    expect(f.evidence.map((e) => e.label)).toEqual(["Last successful web sign-in from 203.0.113.9", "Last successful API sign-in from 203.0.113.9"]);
    expect(f.explanation).toContain("Last successes: web 2026-11-08 12:00 UTC; API 2026-11-09 12:00 UTC.");
  });

  it("input order does not matter (attempts given oldest first)", () => {
    const facts = accountFacts({ loginAttempts: [success({ occurredAt: daysAgo(4) }), ...failures(3).reverse()] });
    expect(find(diagnose(facts, NOW), "WRONG_PASSWORD").title).toBe("Wrong password 3 times since 2026-11-10 (web); last at 2026-11-10 11:50 UTC");
  });

  it("evidence lists the newest attempt first even when the data layer hands them oldest first", () => {
    const facts = accountFacts({
      account: account({ lockedUntil: new Date(NOW.getTime() + 60_000) }),
      loginAttempts: [attempt({ id: "1", reason: "LOCKED", occurredAt: minutesAgo(9) }), attempt({ id: "2", reason: "LOCKED", occurredAt: minutesAgo(2) })],
    });
    expect(find(diagnose(facts, NOW), "TEMPORARILY_LOCKED").evidence.map((e) => e.ref)).toEqual([
      { kind: "account", id: 1 },
      { kind: "login_attempt", id: "2" },
      { kind: "login_attempt", id: "1" },
    ]);
  });

  it("a finding that recommends what the subject itself rules out is not said to be overruled", () => {
    // Only the baseline refuses a confirmation resend for an account: no finding did, so
    // no "is refused here" step is put in front of the finding's own steps.
    const custom: Rule = {
      code: "WRONG_PASSWORD",
      evaluate: () => ({
        code: "WRONG_PASSWORD",
        severity: "likely",
        verdict: "v",
        title: "t",
        explanation: "e",
        evidence: [],
        nextSteps: ["Resend it."],
        actions: { resend_confirmation: { allowed: true, reason: "r" } },
        customerReply: "c",
      }),
    };
    const d = diagnose(accountFacts(), NOW, [custom]);
    expect(find(d, "WRONG_PASSWORD")).toMatchObject({ overruledBy: null, nextSteps: ["Resend it."] });
    expect(d.actions.resend_confirmation).toMatchObject({ allowed: false, refusedBy: null });
  });
});

describe("diagnose: boundary times", () => {
  const withChange = (changedAt: Date) =>
    accountFacts({
      teammates: [owner, alice],
      credentialChanges: [credentialChange({ occurredAt: changedAt })],
      loginAttempts: failures(2),
    });

  it("password change 1 second ago counts as a recent change by someone else", () => {
    const facts = accountFacts({
      teammates: [owner, alice],
      credentialChanges: [credentialChange({ occurredAt: new Date(NOW.getTime() - 1000) })],
      loginAttempts: [attempt({ occurredAt: new Date(NOW.getTime() - 500) })],
    });
    expect(codes(diagnose(facts, NOW))).toEqual(["CREDENTIALS_CHANGED_BY_OTHER:likely", "WRONG_PASSWORD:likely"]);
  });

  it("password change 31 days ago no longer counts", () => {
    expect(codes(diagnose(withChange(daysAgo(31)), NOW))).toEqual(["WRONG_PASSWORD:likely"]);
  });

  it("password change exactly 30 days ago still counts", () => {
    expect(codes(diagnose(withChange(daysAgo(30)), NOW))[0]).toBe("CREDENTIALS_CHANGED_BY_OTHER:likely");
  });

  it("failures older than 30 days are not counted", () => {
    const facts = accountFacts({ loginAttempts: [attempt({ occurredAt: new Date(daysAgo(30).getTime() - 1) })] });
    expect(codes(diagnose(facts, NOW))).toEqual(["NO_PROBLEM_FOUND:informational"]);
  });

  it("lock ending exactly now is over; one millisecond later it still holds", () => {
    expect(codes(diagnose(accountFacts({ account: account({ lockedUntil: NOW }) }), NOW))).toEqual(["NO_PROBLEM_FOUND:informational"]);
    expect(codes(diagnose(accountFacts({ account: account({ lockedUntil: new Date(NOW.getTime() + 1) }) }), NOW))).toEqual(["TEMPORARILY_LOCKED:blocking"]);
  });

  it.each([
    ["last instant before the week (leap Feb 2028)", "2028-02-22T23:59:59.999Z", "between 2028-02-23 and 2028-02-29"],
    ["first instant of the week (leap Feb 2028)", "2028-02-23T00:00:00.000Z", "any day from now until 2028-02-29"],
    ["Feb 2027", "2027-02-10T00:00:00.000Z", "between 2027-02-22 and 2027-02-28"],
    ["30-day April", "2027-04-02T00:00:00.000Z", "between 2027-04-24 and 2027-04-30"],
    ["last second of December", "2026-12-31T23:59:59.000Z", "any day from now until 2026-12-31"],
  ])("at-risk window: %s", (_name, iso, text) => {
    const now = new Date(iso);
    const previousMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const facts = accountFacts({
      loginAttempts: [],
      invoices: [invoice({ period: previousMonth, issuedAt: previousMonth, dueAt: new Date(now.getTime() - 1) })],
    });
    expect(find(diagnose(facts, now), "AT_RISK_NONPAYMENT").explanation).toContain(text);
  });

  it("January: December's unpaid invoice is the previous month (year boundary)", () => {
    const now = new Date("2027-01-03T00:00:00Z");
    const facts = accountFacts({ invoices: [invoice({ period: new Date("2026-12-01T00:00:00Z"), dueAt: new Date("2027-01-02T00:00:00Z") })] });
    expect(find(diagnose(facts, now), "AT_RISK_NONPAYMENT").title).toBe("At risk: 89.00 USD unpaid; termination between 2027-01-25 and 2027-01-31 unless paid");
  });
});

describe("rankFindings", () => {
  it("PRIORITY is the agreed order", () => {
    expect(PRIORITY).toEqual([
      "ACCOUNT_DELETED",
      "ACCOUNT_BANNED",
      "PARENT_BANNED",
      "TERMINATED_NONPAYMENT",
      "SIGNUP_UNCONFIRMED",
      "UNIFIED_LOGIN_REQUIRED",
      "TEMPORARILY_LOCKED",
      "CREDENTIALS_CHANGED_BY_OTHER",
      "WRONG_PASSWORD",
      "UNKNOWN_USERNAME",
      "API_CREDENTIALS_REJECTED",
      "AT_RISK_NONPAYMENT",
      "UNPAID_BALANCE",
      "NO_PROBLEM_FOUND",
      "SHARED_LOGIN",
    ]);
  });

  it("every rule's code has a rank", () => {
    for (const rule of RULES) expect(PRIORITY).toContain(rule.code);
  });

  it("severity first, then fixed priority", () => {
    const f = (code: FindingCode, severity: Finding["severity"]): Finding => ({
      code,
      severity,
      title: code,
      explanation: "",
      evidence: [],
      nextSteps: [],
      actions: {},
      customerReply: "",
      verdict: code,
      sentReply: null,
      overruledBy: null,
      sharedEvidence: [],
    });
    const ranked = rankFindings([
      f("AT_RISK_NONPAYMENT", "informational"),
      f("WRONG_PASSWORD", "likely"),
      f("UNIFIED_LOGIN_REQUIRED", "informational"),
      f("TEMPORARILY_LOCKED", "blocking"),
      f("CREDENTIALS_CHANGED_BY_OTHER", "likely"),
      f("ACCOUNT_BANNED", "blocking"),
    ]);
    expect(ranked.map((x) => x.code)).toEqual([
      "ACCOUNT_BANNED",
      "TEMPORARILY_LOCKED",
      "CREDENTIALS_CHANGED_BY_OTHER",
      "WRONG_PASSWORD",
      "UNIFIED_LOGIN_REQUIRED",
      "AT_RISK_NONPAYMENT",
    ]);
  });
});

describe("the reader's time zone", () => {
  // The engine stays pure: the zone is an input, like `now`.
  const paris = timeFormat("Europe/Paris");
  const locked = accountFacts({ account: account({ lockedUntil: new Date(NOW.getTime() + 25 * 60_000) }) });

  it("writes UTC when no zone is given, as before", () => {
    const top = diagnose(locked, NOW).findings[0];
    expect(top?.title).toMatch(/^Locked until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(/);
  });

  it("writes every moment in the given zone, with its offset, in titles, steps, evidence and the reply", () => {
    const until = new Date(NOW.getTime() + 25 * 60_000);
    const top = diagnose(locked, NOW, RULES, paris).findings[0];
    const local = paris.at(until);
    expect(local).toMatch(/ UTC\+0[12]:00$/);
    expect(top?.title).toBe(`Locked until ${local} (about 25 minutes from now)`);
    expect(top?.nextSteps[0]).toContain(local);
    expect(top?.evidence[0]?.label).toBe(`Locked until ${local}`);
    expect(top?.customerReply).toContain(local);
    expect(JSON.stringify(top)).not.toMatch(/\d{2}:\d{2} UTC[^+-]/);
  });

  it("writes the dates of failed sign-ins in the zone (attempt evidence)", () => {
    const facts = accountFacts({ loginAttempts: failures(3, { channel: "WEB", reason: "WRONG_PASSWORD" }) });
    const d = diagnose(facts, NOW, RULES, paris);
    const labels = d.findings.flatMap((f) => f.evidence.map((e) => e.label));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels.filter((l) => /\d{2}:\d{2}/.test(l))) expect(label).toMatch(/UTC\+0[12]:00/);
  });
});
