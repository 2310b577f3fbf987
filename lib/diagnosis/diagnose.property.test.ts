import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareFindings, diagnose } from "./diagnose";
import type { SubjectFacts, AccountStatus, AccountSubject, BanFacts, LoginAttemptFacts, LoginFailureReason } from "./types";

// Arbitrary facts: any mix of states, including inconsistent ones the data layer
// should never produce (a BANNED status without a ban row, a ban row on an ACTIVE
// account), because the engine must stay safe on them too.

const date = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T23:59:59Z"), noInvalidDate: true });
const maybeDate = fc.option(date, { nil: null });
const id = fc.integer({ min: 1, max: 50 });
const text = fc.string({ maxLength: 12 });
const status = fc.constantFrom<AccountStatus>("ACTIVE", "TERMINATED", "BANNED");
const reason = fc.constantFrom<LoginFailureReason>(
  "WRONG_PASSWORD",
  "UNKNOWN_USERNAME",
  "UNCONFIRMED",
  "TERMINATED",
  "BANNED",
  "BAD_API_KEY",
  "UNIFIED_LOGIN_REQUIRED",
  "LOCKED",
);

const banArb: fc.Arbitrary<BanFacts> = fc.record({
  id,
  bannedAt: date,
  reason: text,
  banEmailRef: fc.option(text, { nil: null }),
  cascadeSubusers: fc.boolean(),
  inheritedFromId: fc.option(id, { nil: null }),
});

const attemptArb: fc.Arbitrary<LoginAttemptFacts> = fc
  .record({
    id: fc.nat().map(String),
    channel: fc.constantFrom("WEB", "API", "SMTP" as const),
    success: fc.boolean(),
    reason,
    usernameTried: fc.option(fc.constantFrom("acme", "acme-mail", "alice", "ACME"), { nil: null }),
    apiKeyPrefix: fc.option(fc.constantFrom("SG.ab", "SG.ab12", "SG.zz"), { nil: null }),
    ip: fc.constantFrom("203.0.113.9", "198.51.100.7"),
    teammateId: fc.option(id, { nil: null }),
    occurredAt: date,
  })
  .map(({ success, reason: r, ...rest }) => ({
    ...rest,
    outcome: success ? ("SUCCESS" as const) : ("FAILURE" as const),
    reason: success ? null : r,
  }));

const accountSubjectArb: fc.Arbitrary<AccountSubject> = fc.record({
  kind: fc.constant("account" as const),
  account: fc.record({
    id,
    username: text,
    email: text,
    loginMethod: fc.constantFrom("PASSWORD", "UNIFIED_LOGIN" as const),
    unifiedLoginId: fc.option(text, { nil: null }),
    status,
    plan: text,
    createdAt: date,
    confirmedAt: maybeDate,
    lastLoginAt: maybeDate,
    passwordChangedAt: maybeDate,
    lockedUntil: maybeDate,
    terminatedAt: maybeDate,
    parentId: fc.option(id, { nil: null }),
    // Mostly live: a deleted account is a rare event on the platform.
    deletedAt: fc.option(date, { nil: null, freq: 6 }),
  }),
  parent: fc.option(fc.record({ id, username: text, email: text, status, ban: fc.option(banArb, { nil: null }) }), { nil: null }),
  ban: fc.option(banArb, { nil: null }),
  teammates: fc.array(
    fc.record({
      id,
      username: fc.constantFrom("alice", "bob", "acme"),
      email: text,
      level: fc.constantFrom("OWNER", "ADMIN", "RESTRICTED", "READ_ONLY", "BILLING" as const),
      scopes: fc.array(text, { maxLength: 2 }),
      lastLoginAt: maybeDate,
      deletedAt: maybeDate,
    }),
    { maxLength: 3 },
  ),
  apiKeys: fc.array(
    fc.record({
      id,
      name: text,
      prefix: fc.constantFrom("SG.ab", "SG.ab12cd", "SG.zz99"),
      createdAt: date,
      lastUsedAt: maybeDate,
      createdById: fc.option(id, { nil: null }),
      revokedAt: maybeDate,
      revokedById: fc.option(id, { nil: null }),
    }),
    { maxLength: 3 },
  ),
  integrations: fc.array(
    fc.record({ id, kind: fc.constantFrom("SMTP_RELAY", "LEGACY_API" as const), name: text, apiUser: fc.constantFrom("acme", "alice"), lastUsedAt: maybeDate }),
    { maxLength: 3 },
  ),
  credentialChanges: fc.array(
    fc.record({
      id,
      kind: fc.constantFrom("PASSWORD", "USERNAME", "EMAIL", "API_KEY_CREATED", "API_KEY_REVOKED" as const),
      teammateId: fc.option(id, { nil: null }),
      actorLabel: text,
      ip: fc.option(text, { nil: null }),
      detail: fc.option(text, { nil: null }),
      occurredAt: date,
    }),
    { maxLength: 4 },
  ),
  loginAttempts: fc.array(attemptArb, { maxLength: 15 }),
  unknownUsernameAttempts: fc.array(attemptArb, { maxLength: 5 }),
  invoices: fc.array(
    fc.record({
      id,
      period: date.map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1))),
      amountCents: fc.integer({ min: -10_000, max: 1_000_000 }),
      currency: fc.constantFrom("USD", "EUR"),
      issuedAt: date,
      dueAt: date,
      paidAt: maybeDate,
    }),
    { maxLength: 4 },
  ),
  billingWarnings: fc.array(
    fc.record({
      id,
      invoiceId: fc.option(id, { nil: null }),
      kind: fc.constantFrom("PAYMENT_FAILED", "REMINDER", "FINAL_NOTICE", "TERMINATION_NOTICE" as const),
      sentTo: text,
      sentAt: date,
    }),
    { maxLength: 4 },
  ),
  subusers: fc.array(fc.record({ id, username: text, status }), { maxLength: 3 }),
  dedicatedIps: fc.array(fc.record({ id, address: text, assignedAt: date, removedAt: maybeDate, removedReason: fc.option(text, { nil: null }) }), {
    maxLength: 2,
  }),
});

const signUpSubjectArb = fc.record({
  kind: fc.constant("signup" as const),
  signUp: fc.record({
    id,
    username: text,
    email: text,
    createdAt: date,
    ip: fc.option(text, { nil: null }),
    confirmationsSent: fc.integer({ min: 0, max: 20 }),
    lastConfirmationSentAt: date,
    confirmationExpiresAt: date,
    confirmedAt: maybeDate,
  }),
});

const factsArb: fc.Arbitrary<SubjectFacts> = fc.record({ subject: fc.oneof(accountSubjectArb, signUpSubjectArb) });

// Mutation testing reruns these for every mutant: vitest.mutation.config.ts asks for
// fewer runs there, so a mutation run takes minutes; plain test runs keep 500.
const RUNS = { numRuns: Number(process.env.DIAGNOSIS_PROPERTY_RUNS ?? 500) };

function isClosed(subject: AccountSubject): boolean {
  return (
    subject.account.status !== "ACTIVE" ||
    subject.account.deletedAt !== null ||
    subject.ban !== null ||
    (subject.parent !== null && (subject.parent.status === "BANNED" || subject.parent.ban !== null))
  );
}

describe("diagnose: properties over arbitrary facts", () => {
  it("never throws and always returns at least one finding, ranked, with distinct codes", () => {
    fc.assert(
      fc.property(factsArb, date, (facts, now) => {
        const d = diagnose(facts, now);
        expect(d.findings.length).toBeGreaterThan(0);
        const codes = d.findings.map((f) => f.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (let i = 1; i < d.findings.length; i++) {
          const prev = d.findings[i - 1];
          const cur = d.findings[i];
          if (prev !== undefined && cur !== undefined) expect(compareFindings(prev, cur)).toBeLessThan(0);
        }
      }),
      RUNS,
    );
  });

  it("an overruled finding recommends an action the merged verdict refuses, and the reply comes from a finding not overruled", () => {
    fc.assert(
      fc.property(factsArb, date, (facts, now) => {
        const d = diagnose(facts, now);
        for (const f of d.findings) {
          if (f.overruledBy === null) continue;
          const refused = Object.entries(f.actions).some(([name, opinion]) => {
            const verdict = d.actions[name as keyof typeof d.actions];
            return opinion.allowed && !verdict.allowed && verdict.refusedBy === f.overruledBy;
          });
          expect(refused).toBe(true);
        }
        const source = d.findings.find((f) => f.overruledBy === null);
        expect(source).toBeDefined();
        expect(d.customerReply).toBe(source?.customerReply);
        expect(d.customerReply.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it("reactivate_account is always refused", () => {
    fc.assert(
      fc.property(factsArb, date, (facts, now) => {
        expect(diagnose(facts, now).actions.reactivate_account.allowed).toBe(false);
      }),
      RUNS,
    );
  });

  it("a banned, parent-banned or terminated account has a blocking finding and never allows a password reset or username recovery", () => {
    fc.assert(
      fc.property(accountSubjectArb, date, (subject, now) => {
        fc.pre(isClosed(subject));
        const d = diagnose({ subject }, now);
        expect(d.findings[0]?.severity).toBe("blocking");
        expect(d.actions.send_password_reset.allowed).toBe(false);
        expect(d.actions.send_username_recovery.allowed).toBe(false);
      }),
      RUNS,
    );
  });

  it("banned states rank a ban finding first", () => {
    fc.assert(
      fc.property(accountSubjectArb, date, (subject, now) => {
        const parentBanned = subject.parent !== null && (subject.parent.status === "BANNED" || subject.parent.ban !== null);
        fc.pre(subject.account.deletedAt === null && (subject.account.status === "BANNED" || subject.ban !== null || parentBanned));
        expect(["ACCOUNT_BANNED", "PARENT_BANNED"]).toContain(diagnose({ subject }, now).findings[0]?.code);
      }),
      RUNS,
    );
  });

  it("a deleted account ranks its deletion first, whatever else is true, and allows no reset, recovery or reactivation", () => {
    fc.assert(
      fc.property(accountSubjectArb, date, (subject, now) => {
        fc.pre(subject.account.deletedAt !== null);
        const d = diagnose({ subject }, now);
        expect(d.findings[0]?.code).toBe("ACCOUNT_DELETED");
        expect(d.actions.send_password_reset.allowed).toBe(false);
        expect(d.actions.send_username_recovery.allowed).toBe(false);
        expect(d.actions.reactivate_account.allowed).toBe(false);
      }),
      RUNS,
    );
  });

  it("a sign-up never allows a password reset or username recovery", () => {
    fc.assert(
      fc.property(signUpSubjectArb, date, (subject, now) => {
        const d = diagnose({ subject }, now);
        expect(d.actions.send_password_reset.allowed).toBe(false);
        expect(d.actions.send_username_recovery.allowed).toBe(false);
        expect(d.actions.resend_confirmation.allowed).toBe(subject.signUp.confirmedAt === null);
      }),
      RUNS,
    );
  });

  it("a unified-login account never allows a local password reset", () => {
    fc.assert(
      fc.property(accountSubjectArb, date, (subject, now) => {
        fc.pre(subject.account.loginMethod === "UNIFIED_LOGIN");
        expect(diagnose({ subject }, now).actions.send_password_reset.allowed).toBe(false);
      }),
      RUNS,
    );
  });

  it("an open password account always allows a reset, with a warning naming every integration", () => {
    // Forcing the open state keeps the precondition from rejecting most cases.
    const openSubject = accountSubjectArb.map((s) => ({
      ...s,
      account: { ...s.account, status: "ACTIVE" as const, loginMethod: "PASSWORD" as const, deletedAt: null },
      ban: null,
      parent: null,
    }));
    fc.assert(
      fc.property(openSubject, date, (subject, now) => {
        const reset = diagnose({ subject }, now).actions.send_password_reset;
        expect(reset.allowed).toBe(true);
        if (reset.allowed) {
          expect(reset.warning?.integrations.map((i) => i.id)).toEqual(subject.integrations.map((i) => i.id));
          for (const i of subject.integrations) expect(reset.warning?.message).toContain(`"${i.name}"`);
        }
      }),
      RUNS,
    );
  });

  it("is deterministic: same facts and now give the same diagnosis", () => {
    fc.assert(
      fc.property(factsArb, date, (facts, now) => {
        expect(diagnose(facts, now)).toEqual(diagnose(facts, now));
      }),
      { numRuns: Math.min(200, RUNS.numRuns) },
    );
  });
});
