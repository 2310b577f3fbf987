// The recovery-email actions against a real, migrated database: what each one writes,
// every refusal for every role (each audited, nothing written), the rate limits, the
// idempotency keys under concurrency, and the lead's retry.
// Run against PostgreSQL too, where the concurrency is real:
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx vitest run --project integration lib/actions/recovery
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/model/action-result";
import { ROLES } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { formatUtc } from "@/lib/diagnosis/time";
import { outboxPayload } from "@/lib/email/payload";
import { hashToken, openToken } from "@/lib/email/token";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { seedAccount, type Scenario } from "@/prisma/seed/factories";
import { resendConfirmationAction } from "./resend-confirmation";
import { RESET_NOT_RETRYABLE } from "@/lib/validation/recovery";
import { retryEmailAction } from "./retry-email";
import { sendPasswordResetAction } from "./send-password-reset";
import { sendUsernameRecoveryAction } from "./send-username-recovery";
import { type ServerAction } from "@/lib/actions/define-action";
import { callAs } from "@/lib/testing/action-harness";

// Concurrent calls by different staff users each see their own session (callAs).
vi.mock("@/lib/auth/auth", async () => (await import("@/lib/testing/action-harness")).perCallAuthMock);
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.7", "user-agent": "recovery-actions-test" })),
}));

type Action = ServerAction<never, unknown>;
const as = callAs;

let t: TestDatabase;
let seq = 0;
const now = new Date();

beforeAll(async () => {
  process.env.OUTBOX_SECRET = "recovery-actions-test-secret";
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  await getDb().$disconnect();
  await t?.drop();
});
afterEach(() => {
  delete process.env.RECOVERY_LIMIT_PER_ACCOUNT_HOUR;
  delete process.env.RECOVERY_LIMIT_PER_AGENT_HOUR;
});

async function staff(role: StaffRole = "AGENT") {
  seq += 1;
  const user = await t.db.staffUser.create({
    data: { email: `${role.toLowerCase()}-${seq}@recovery.test`, name: `${role} ${seq}`, role },
    select: { id: true },
  });
  return user.id;
}

async function seeded(scenario: Scenario) {
  seq += 1;
  return seedAccount(t.db, { scenario, now, username: `${scenario.replace(/_/g, "-")}-r${seq}` });
}

async function accountOf(scenario: Scenario): Promise<number> {
  const s = await seeded(scenario);
  if (s.accountId === null) throw new Error(`${scenario} has no account`);
  return s.accountId;
}

const request = (extra: Record<string, unknown>) => ({ ticketRef: "ZD-1001", idempotencyKey: randomUUID(), confirm: true, ...extra });

const writes = () => Promise.all([t.db.emailOutbox.count(), t.db.passwordResetToken.count()]);
const lastAudit = () => t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

function okData<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.data;
}

describe("sending a password reset", () => {
  it("an agent queues it to the address on record, with a sealed token whose hash alone is stored, and it is audited", async () => {
    const agent = await staff();
    const s = await seeded("forgotten_password");
    const accountId = s.accountId ?? 0;
    const account = await t.db.account.findUniqueOrThrow({ where: { id: accountId } });
    const integrations = await t.db.passwordIntegration.findMany({ where: { accountId }, orderBy: { id: "asc" } });

    const data = okData(await as(agent, sendPasswordResetAction, request({ accountId, email: "attacker@evil.test" })));
    expect(data).toEqual({
      outboxId: expect.any(Number) as number,
      recipient: account.email,
      status: "QUEUED",
      duplicate: false,
      integrations: integrations.map((i) => i.name),
    });

    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: data.outboxId }, include: { resetToken: true } });
    expect(row).toMatchObject({
      kind: "PASSWORD_RESET",
      status: "QUEUED",
      recipient: account.email,
      accountId,
      signUpId: null,
      requestedById: agent,
      ticketRef: "ZD-1001",
      attempts: 0,
    });
    const payload = outboxPayload.parse(row.payload);
    if (payload.kind !== "PASSWORD_RESET") throw new Error("wrong payload kind");
    expect(payload.username).toBe(account.username);
    const token = row.resetToken;
    if (!token) throw new Error("no token linked to the outbox row");
    // The payload holds the token sealed: it opens to the raw token whose hash is stored,
    // and neither the hash nor the raw token appears in the row in clear.
    const raw = openToken(payload.sealedToken);
    expect(hashToken(raw)).toBe(token.tokenHash);
    expect(JSON.stringify(row.payload)).not.toContain(token.tokenHash);
    expect(JSON.stringify(row.payload)).not.toContain(raw);
    expect(token).toMatchObject({ accountId, usedAt: null, supersededAt: null, requestedById: agent });
    expect(token.expiresAt.toISOString()).toBe(payload.expiresAt);
    expect(Math.abs(token.expiresAt.getTime() - token.createdAt.getTime() - 3_600_000)).toBeLessThan(1000);

    expect(await lastAudit()).toMatchObject({
      action: "recovery.send_password_reset",
      outcome: "DONE",
      actorId: agent,
      targetAccountId: accountId,
      ticketRef: "ZD-1001",
      ip: "203.0.113.7",
    });
  });

  it("a new reset supersedes the previous unused link", async () => {
    const agent = await staff();
    const accountId = await accountOf("forgotten_password");
    const first = okData(await as(agent, sendPasswordResetAction, request({ accountId })));
    const second = okData(await as(agent, sendPasswordResetAction, request({ accountId })));
    const tokens = await t.db.passwordResetToken.findMany({ where: { accountId }, orderBy: { id: "asc" } });
    expect(tokens.map((k) => [k.outboxId, k.supersededAt !== null])).toEqual([
      [first.outboxId, true],
      [second.outboxId, false],
    ]);
  });
});

describe("sending a username reminder and resending a confirmation", () => {
  it("an agent queues a username reminder to the address on record", async () => {
    const agent = await staff();
    const accountId = await accountOf("forgotten_username");
    const account = await t.db.account.findUniqueOrThrow({ where: { id: accountId } });
    const data = okData(await as(agent, sendUsernameRecoveryAction, request({ accountId })));
    expect(data).toMatchObject({ recipient: account.email, status: "QUEUED", duplicate: false });
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: data.outboxId } });
    expect(row).toMatchObject({ kind: "USERNAME_RECOVERY", recipient: account.email, accountId, status: "QUEUED" });
    expect(outboxPayload.parse(row.payload)).toEqual({ kind: "USERNAME_RECOVERY", username: account.username });
    expect(await t.db.passwordResetToken.count({ where: { accountId } })).toBe(0);
    expect(await lastAudit()).toMatchObject({
      action: "recovery.send_username",
      outcome: "DONE",
      actorId: agent,
      targetAccountId: accountId,
      ticketRef: "ZD-1001",
    });
  });

  it("an agent resends the confirmation of an unconfirmed sign-up to the address it was made with", async () => {
    const agent = await staff();
    const s = await seeded("unconfirmed");
    const data = okData(await as(agent, resendConfirmationAction, request({ signUpId: s.signUpId })));
    expect(data).toMatchObject({ recipient: s.email, status: "QUEUED", duplicate: false });
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: data.outboxId } });
    expect(row).toMatchObject({ kind: "CONFIRMATION_RESEND", recipient: s.email, accountId: null, signUpId: s.signUpId });
    const payload = outboxPayload.parse(row.payload);
    expect(payload).toMatchObject({ kind: "CONFIRMATION_RESEND", username: s.username });
    // The link's token: sealed in the payload, and only its hash in confirmation_tokens.
    const raw = "sealedToken" in payload ? openToken(payload.sealedToken) : "";
    const token = await t.db.confirmationToken.findUniqueOrThrow({ where: { outboxId: row.id } });
    expect(token).toMatchObject({ signUpId: s.signUpId, tokenHash: hashToken(raw), usedAt: null, supersededAt: null, requestedById: agent });
    expect(JSON.stringify((await lastAudit()).detail)).not.toContain(raw);
    expect(await lastAudit()).toMatchObject({ action: "recovery.resend_confirmation", outcome: "DONE", targetSignUpId: s.signUpId, ticketRef: "ZD-1001" });
  });
});

describe("refusals: the account's state decides, whatever the role", () => {
  const staffByRole: Partial<Record<StaffRole, string>> = {};
  const accounts: Partial<Record<Scenario, number>> = {};
  let unconfirmedSignUp = 0;
  let confirmedSignUp = 0;
  // Deleted on the platform (an account.deleted event's tombstone), with wrong passwords that would otherwise call for a reset.
  let deletedAccount = 0;

  beforeAll(async () => {
    deletedAccount = await accountOf("forgotten_password");
    await t.db.account.update({ where: { id: deletedAccount }, data: { deletedAt: new Date() } });
    for (const role of ROLES) staffByRole[role] = await staff(role);
    for (const scenario of ["banned", "banned_subuser", "terminated", "unified_login"] as const) accounts[scenario] = await accountOf(scenario);
    unconfirmedSignUp = (await seeded("unconfirmed")).signUpId;
    confirmedSignUp = (await seeded("healthy")).signUpId;
  });

  const cases: [string, Action, "account" | "signup", Scenario | "missing" | "confirmed" | "deleted", string, string, RegExp][] = [
    ["reset", sendPasswordResetAction, "account", "deleted", "REFUSED", "ACCOUNT_DELETED", /deleted/i],
    ["username", sendUsernameRecoveryAction, "account", "deleted", "REFUSED", "ACCOUNT_DELETED", /deleted/i],
    ["reset", sendPasswordResetAction, "account", "banned", "REFUSED", "ACCOUNT_BANNED", /banned/i],
    ["reset", sendPasswordResetAction, "account", "banned_subuser", "REFUSED", "PARENT_BANNED", /banned/i],
    ["reset", sendPasswordResetAction, "account", "terminated", "REFUSED", "TERMINATED_NONPAYMENT", /billing|unpaid|terminated/i],
    ["reset", sendPasswordResetAction, "account", "unified_login", "REFUSED", "UNIFIED_LOGIN_REQUIRED", /Twilio/],
    ["reset", sendPasswordResetAction, "account", "missing", "NOT_FOUND", "ACCOUNT_NOT_FOUND", /resend the confirmation/],
    ["username", sendUsernameRecoveryAction, "account", "banned", "REFUSED", "ACCOUNT_BANNED", /banned/i],
    ["username", sendUsernameRecoveryAction, "account", "banned_subuser", "REFUSED", "PARENT_BANNED", /banned/i],
    ["username", sendUsernameRecoveryAction, "account", "terminated", "REFUSED", "TERMINATED_NONPAYMENT", /billing|unpaid|terminated/i],
    ["username", sendUsernameRecoveryAction, "account", "unified_login", "REFUSED", "UNIFIED_LOGIN_REQUIRED", /Twilio/],
    ["username", sendUsernameRecoveryAction, "account", "missing", "NOT_FOUND", "ACCOUNT_NOT_FOUND", /resend the confirmation/],
    ["resend", resendConfirmationAction, "signup", "confirmed", "REFUSED", "SIGN_UP_CONFIRMED", /look up the account instead/],
    ["resend", resendConfirmationAction, "signup", "missing", "NOT_FOUND", "SIGN_UP_NOT_FOUND", /No sign-up/],
  ];

  it.each(cases)(
    "%s on %s (%s): %s for agent, lead and admin, audited as %s, nothing written",
    async (_name, action, kind, scenario, code, auditCode, message) => {
      for (const role of ROLES) {
        const actorId = staffByRole[role] ?? "";
        const id =
          scenario === "missing" ? 987_654 : scenario === "confirmed" ? confirmedSignUp : scenario === "deleted" ? deletedAccount : (accounts[scenario] ?? 0);
        const input = kind === "account" ? request({ accountId: id, ticketRef: `ZD-${role}` }) : request({ signUpId: id, ticketRef: `ZD-${role}` });
        const before = await writes();
        const result = await as(actorId, action, input);
        expect(result, `${role}`).toMatchObject({ ok: false, code });
        expect(result.ok ? "" : result.message).toMatch(message);
        expect(await writes()).toEqual(before);
        const entry = await lastAudit();
        expect(entry).toMatchObject({ outcome: "REFUSED", code: auditCode, actorId, ticketRef: `ZD-${role}` });
        // A missing target cannot be referenced (foreign key): the audit keeps it null.
        if (kind === "account") expect(entry.targetAccountId).toBe(scenario === "missing" ? null : id);
        else expect(entry.targetSignUpId).toBe(scenario === "missing" ? null : id);
      }
    },
  );

  it("an unconfirmed sign-up: no account to reset (NOT_FOUND with the hint), the confirmation resend goes through", async () => {
    const agent = staffByRole.AGENT ?? "";
    const reset = await as(agent, sendPasswordResetAction, request({ accountId: 987_655 }));
    expect(reset).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(reset.ok ? "" : reset.message).toMatch(/sign-up .*resend the confirmation email/);
    expect(await as(agent, resendConfirmationAction, request({ signUpId: unconfirmedSignUp }))).toMatchObject({ ok: true });
  });
});

describe("rate limits held in PostgreSQL", () => {
  it("refuses a 4th recovery email for one account within the hour and says when the next is possible", async () => {
    const agent = await staff();
    const accountId = await accountOf("forgotten_password");
    okData(await as(agent, sendPasswordResetAction, request({ accountId })));
    okData(await as(agent, sendUsernameRecoveryAction, request({ accountId })));
    okData(await as(await staff(), sendPasswordResetAction, request({ accountId })));
    const before = await writes();
    const result = await as(agent, sendUsernameRecoveryAction, request({ accountId }));
    expect(result).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    const oldest = await t.db.emailOutbox.findFirstOrThrow({ where: { accountId }, orderBy: { createdAt: "asc" } });
    const next = new Date(Math.ceil((oldest.createdAt.getTime() + 3_600_000) / 60_000) * 60_000);
    expect(result.ok ? "" : result.message).toContain(formatUtc(next));
    expect(await writes()).toEqual(before);
    const entry = await lastAudit();
    expect(entry).toMatchObject({ action: "recovery.send_username", outcome: "REFUSED", code: "RATE_LIMIT_ACCOUNT", targetAccountId: accountId });
    expect(entry.detail).toMatchObject({ limit: 3, nextAllowedAt: new Date(oldest.createdAt.getTime() + 3_600_000).toISOString() });
  });

  it("counts a sign-up's confirmation resends too", async () => {
    process.env.RECOVERY_LIMIT_PER_ACCOUNT_HOUR = "1";
    const agent = await staff();
    const s = await seeded("unconfirmed");
    okData(await as(agent, resendConfirmationAction, request({ signUpId: s.signUpId })));
    expect(await as(agent, resendConfirmationAction, request({ signUpId: s.signUpId }))).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await lastAudit()).toMatchObject({ code: "RATE_LIMIT_SIGN_UP", targetSignUpId: s.signUpId });
  });

  it("refuses a staff user over the per-agent limit (lowered through the environment)", async () => {
    process.env.RECOVERY_LIMIT_PER_AGENT_HOUR = "2";
    const agent = await staff();
    const accounts = [await accountOf("forgotten_password"), await accountOf("forgotten_username"), await accountOf("healthy")];
    okData(await as(agent, sendPasswordResetAction, request({ accountId: accounts[0] })));
    okData(await as(agent, sendUsernameRecoveryAction, request({ accountId: accounts[1] })));
    const result = await as(agent, sendUsernameRecoveryAction, request({ accountId: accounts[2] }));
    expect(result).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(result.ok ? "" : result.message).toMatch(/limit per staff user is 2.*from \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(await lastAudit()).toMatchObject({ code: "RATE_LIMIT_AGENT", actorId: agent });
    // Another agent is not held back by it.
    expect(await as(await staff(), sendUsernameRecoveryAction, request({ accountId: accounts[2] }))).toMatchObject({ ok: true });
  });

  it("holds under concurrency: 20 simultaneous requests with different keys for one account queue exactly 3", async () => {
    const accountId = await accountOf("forgotten_password");
    const agents = await Promise.all(Array.from({ length: 4 }, () => staff()));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        as(agents[i % agents.length] ?? "", i % 2 ? sendUsernameRecoveryAction : sendPasswordResetAction, request({ accountId })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.code === "RATE_LIMITED")).toHaveLength(17);
    expect(await t.db.emailOutbox.count({ where: { accountId } })).toBe(3);
    // Every answer left its audit entry, on the embedded server too (lib/db/embedded.ts
    // keeps each connection's extended-protocol batch together).
    const entries = await t.db.auditEntry.groupBy({
      by: ["outcome"],
      where: { targetAccountId: accountId },
      _count: { _all: true },
      orderBy: { outcome: "asc" },
    });
    expect(entries.map((e) => [e.outcome, e._count._all])).toEqual([
      ["DONE", 3],
      ["REFUSED", 17],
    ]);
  });
});

describe("idempotency keys", () => {
  it("50 simultaneous identical requests queue exactly one email and one token", async () => {
    const agent = await staff();
    const accountId = await accountOf("forgotten_password");
    const input = request({ accountId });
    const results = await Promise.all(Array.from({ length: 50 }, () => as(agent, sendPasswordResetAction, input)));
    const data = results.map(okData);
    expect(new Set(data.map((d) => d.outboxId)).size).toBe(1);
    expect(data.filter((d) => !d.duplicate)).toHaveLength(1);
    expect(await t.db.emailOutbox.count({ where: { accountId } })).toBe(1);
    expect(await t.db.passwordResetToken.count({ where: { accountId } })).toBe(1);
    expect(await t.db.emailOutbox.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it("a repeated request answers with the email already queued, even once the account's limit is reached", async () => {
    const agent = await staff();
    const accountId = await accountOf("forgotten_username");
    const inputs = [request({ accountId }), request({ accountId }), request({ accountId })];
    const first = await Promise.all(inputs.map((input) => as(agent, sendUsernameRecoveryAction, input)));
    const again = okData(await as(agent, sendUsernameRecoveryAction, inputs[2]));
    expect(again).toMatchObject({ duplicate: true, outboxId: okData(first[2] ?? { ok: false, code: "INTERNAL", message: "" }).outboxId });
    expect(await t.db.emailOutbox.count({ where: { accountId } })).toBe(3);
  });

  it("a key reused by another staff user, or for another account or email, is a CONFLICT and sends nothing", async () => {
    const [agent, other] = [await staff(), await staff()];
    const accountId = await accountOf("forgotten_password");
    const otherAccount = await accountOf("forgotten_username");
    const input = request({ accountId });
    okData(await as(agent, sendPasswordResetAction, input));
    const before = await writes();
    for (const [actorId, action, payload] of [
      [other, sendPasswordResetAction, input],
      [agent, sendPasswordResetAction, { ...input, accountId: otherAccount }],
      [agent, sendUsernameRecoveryAction, input],
    ] as const) {
      const result = await as(actorId, action as Action, payload);
      expect(result).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(await lastAudit()).toMatchObject({ outcome: "REFUSED", code: "IDEMPOTENCY_KEY_REUSED", actorId });
    }
    expect(await writes()).toEqual(before);
  });
});

describe("retrying a failed email", () => {
  /** An email the relay kept refusing, as the dispatcher leaves it (a reset loses its sealed token). */
  async function failedEmail(send: Action = sendUsernameRecoveryAction) {
    const agent = await staff();
    const accountId = await accountOf("forgotten_username");
    const { outboxId } = okData(await as(agent, send, request({ accountId }))) as { outboxId: number };
    await t.db.$executeRaw`UPDATE email_outbox SET status = 'FAILED', attempts = 5, last_error = '550 mailbox unavailable',
      next_attempt_at = now() + interval '1 day', payload = payload - 'sealedToken' WHERE id = ${outboxId}::int4`;
    return { accountId, outboxId };
  }
  const failedReset = () => failedEmail(sendPasswordResetAction);

  it("a lead puts a FAILED email back in the queue, now, with its attempts kept", async () => {
    const { accountId, outboxId } = await failedEmail();
    const lead = await staff("LEAD");
    const data = okData(await as(lead, retryEmailAction, { outboxId, ticketRef: "ZD-7" }));
    expect(data).toMatchObject({ outboxId, status: "QUEUED", attempts: 5 });
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row).toMatchObject({ status: "QUEUED", attempts: 5 });
    expect(Math.abs(row.nextAttemptAt.getTime() - Date.now())).toBeLessThan(10_000);
    expect(await lastAudit()).toMatchObject({ action: "email.retry", outcome: "DONE", actorId: lead, targetAccountId: accountId, ticketRef: "ZD-7" });
  });

  it("an agent may not retry (FORBIDDEN), and the row is left alone", async () => {
    const { outboxId } = await failedEmail();
    const agent = await staff("AGENT");
    expect(await as(agent, retryEmailAction, { outboxId })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await t.db.emailOutbox.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: "FAILED" });
  });

  it("a SENT email is not retried (REFUSED, audited with its account)", async () => {
    const { accountId, outboxId } = await failedEmail();
    await t.db.emailOutbox.update({ where: { id: outboxId }, data: { status: "SENT", sentAt: new Date() } });
    const admin = await staff("ADMIN");
    const result = await as(admin, retryEmailAction, { outboxId });
    expect(result).toMatchObject({ ok: false, code: "REFUSED" });
    expect(result.ok ? "" : result.message).toMatch(/was sent/);
    expect(await lastAudit()).toMatchObject({ action: "email.retry", outcome: "REFUSED", code: "NOT_FAILED", targetAccountId: accountId });
    expect(await t.db.emailOutbox.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: "SENT" });
  });

  // Security review: the dispatcher drops the sealed token when an email fails and the
  // payload schema requires it, so a re-queued reset could never be delivered: the lead
  // saw "queued" and the customer got nothing.
  it("a failed password reset is never re-queued: the lead is told to send a new one, which goes out", async () => {
    const { accountId, outboxId } = await failedReset();
    const result = await as(await staff("LEAD"), retryEmailAction, { outboxId });
    expect(result).toMatchObject({ ok: false, code: "REFUSED", message: RESET_NOT_RETRYABLE });
    expect(await lastAudit()).toMatchObject({ action: "email.retry", outcome: "REFUSED", code: "RESET_NOT_RETRYABLE", targetAccountId: accountId });
    expect(await t.db.emailOutbox.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: "FAILED" });
    // The new reset supersedes the dead link and is deliverable.
    const fresh = okData(await as(await staff(), sendPasswordResetAction, request({ accountId })));
    expect(fresh.outboxId).not.toBe(outboxId);
    const tokens = await t.db.passwordResetToken.findMany({ where: { accountId }, orderBy: { id: "asc" } });
    expect(tokens.at(-1)).toMatchObject({ outboxId: fresh.outboxId, supersededAt: null });
    expect(tokens.slice(0, -1).every((tk) => tk.supersededAt !== null)).toBe(true);
    const payload = (await t.db.emailOutbox.findUniqueOrThrow({ where: { id: fresh.outboxId } })).payload as { sealedToken?: unknown };
    expect(typeof payload.sealedToken).toBe("string");
  });

  it("a failed email for a customer banned since the request is not retried", async () => {
    const { accountId, outboxId } = await failedEmail();
    await t.db.account.update({ where: { id: accountId }, data: { status: "BANNED" } });
    await t.db.ban.create({ data: { accountId, bannedAt: new Date(), reason: "Phishing content" } });
    const result = await as(await staff("LEAD"), retryEmailAction, { outboxId });
    expect(result).toMatchObject({ ok: false, code: "REFUSED" });
    expect(await lastAudit()).toMatchObject({ action: "email.retry", outcome: "REFUSED", code: "ACCOUNT_BANNED", targetAccountId: accountId });
    expect(await t.db.emailOutbox.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: "FAILED" });
  });

  it("an unknown email is NOT_FOUND", async () => {
    expect(await as(await staff("LEAD"), retryEmailAction, { outboxId: 987_654 })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("garbage input", () => {
  it("is INVALID_INPUT for every action, with nothing written", async () => {
    const agent = await staff();
    const accountId = await accountOf("healthy");
    const good = request({ accountId });
    const bad: unknown[] = [
      { ...good, confirm: undefined },
      { ...good, confirm: false },
      { ...good, confirm: "true" },
      { ...good, idempotencyKey: "not-a-uuid" },
      { ...good, idempotencyKey: 12 },
      { ...good, ticketRef: "x".repeat(10_000) },
      { ...good, ticketRef: "" },
      { ...good, accountId: "abc" },
      { ...good, accountId: { $gt: 0 } },
      { ...good, accountId: -1 },
      { ...good, ticketRef: ["ZD-1"] },
      "accountId=1",
      null,
    ];
    const before = await writes();
    for (const action of [sendPasswordResetAction, sendUsernameRecoveryAction] as Action[]) {
      for (const payload of bad) {
        expect(await as(agent, action, payload), JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      }
    }
    const s = await seeded("unconfirmed");
    for (const payload of [
      { ...good, accountId: undefined },
      { ...good, signUpId: s.signUpId, confirm: false },
      { ...good, signUpId: "x" },
    ]) {
      expect(await as(agent, resendConfirmationAction, payload)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
    for (const payload of [{}, { outboxId: "x" }, { outboxId: 1, ticketRef: "y".repeat(65) }]) {
      expect(await as(await staff("LEAD"), retryEmailAction, payload)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
    expect(await writes()).toEqual(before);
    expect(await lastAudit()).toMatchObject({ outcome: "REFUSED", code: "INVALID_INPUT" });
  });
});
