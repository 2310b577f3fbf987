// The redeem contract against a real database: every answer, exactly-once under
// concurrent calls (through several connections, which only PostgreSQL runs truly in
// parallel: run with TEST_DATABASE_URL too), and audit entries that never hold a token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { hashToken, newResetToken } from "@/lib/email/token";
import { seedAccount } from "@/prisma/seed/factories";
import { redeemLinkToken, type RedeemResponse } from "./redeem";
import { newSourceToken } from "./sources/tokens";

let t: TestDatabase;
let staffId: string;
let accountId: number;
let accountEmail: string;
let signUpId: number;
let signUpEmail: string;
const redeemer = newSourceToken();
const ingestOnly = newSourceToken();
const rawTokens: string[] = [];
let counter = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  staffId = (await t.db.staffUser.create({ data: { email: "agent@redeem.test", name: "Agent", role: "AGENT" } })).id;
  const prod = await t.db.eventSource.create({
    data: { name: "platform-prod", tokenHash: redeemer.hash, tokenPrefix: redeemer.prefix, scopes: ["ingest", "redeem"] },
  });
  await t.db.eventSource.create({ data: { name: "ingest-only", tokenHash: ingestOnly.hash, tokenPrefix: ingestOnly.prefix, scopes: ["ingest"] } });
  const account = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
  accountId = account.accountId ?? 0;
  accountEmail = account.email;
  const signUp = await seedAccount(t.db, { scenario: "unconfirmed", now: new Date(), historyMonths: 1 });
  signUpId = signUp.signUpId;
  signUpEmail = signUp.email;
  // Records platform-prod's events created: the ones it may redeem links for.
  await t.db.account.update({ where: { id: accountId }, data: { sourceId: prod.id, externalId: "acc-redeem" } });
  await t.db.signUp.update({ where: { id: signUpId }, data: { sourceId: prod.id, externalId: "su-redeem" } });
});
afterAll(async () => {
  await t?.drop();
});

type TokenState = { expiresAt?: Date; usedAt?: Date; supersededAt?: Date; cancelledAt?: Date; cancelReason?: "EMAIL_CHANGED" };

const prodSource = () => t.db.eventSource.findUniqueOrThrow({ where: { name: "platform-prod" }, select: { id: true } });

/** A reset link emailed to the account's address (or `to`), as sendPasswordResetAction leaves it. */
async function resetToken(state: TokenState = {}, owner: { accountId: number; to: string } = { accountId, to: accountEmail }): Promise<string> {
  const raw = newResetToken();
  rawTokens.push(raw);
  const outbox = await t.db.emailOutbox.create({
    data: { kind: "PASSWORD_RESET", recipient: owner.to, accountId: owner.accountId, requestedById: staffId, idempotencyKey: `redeem-${++counter}` },
  });
  await t.db.passwordResetToken.create({
    data: {
      accountId: owner.accountId,
      tokenHash: hashToken(raw),
      expiresAt: new Date(Date.now() + 3_600_000),
      outboxId: outbox.id,
      requestedById: staffId,
      ...state,
    },
  });
  return raw;
}

async function confirmationToken(state: TokenState = {}, owner: { signUpId: number; to: string } = { signUpId, to: signUpEmail }): Promise<string> {
  const raw = newResetToken();
  rawTokens.push(raw);
  const outbox = await t.db.emailOutbox.create({
    data: { kind: "CONFIRMATION_RESEND", recipient: owner.to, signUpId: owner.signUpId, requestedById: staffId, idempotencyKey: `redeem-${++counter}` },
  });
  await t.db.confirmationToken.create({
    data: {
      signUpId: owner.signUpId,
      tokenHash: hashToken(raw),
      expiresAt: new Date(Date.now() + 3_600_000),
      outboxId: outbox.id,
      requestedById: staffId,
      ...state,
    },
  });
  return raw;
}

const redeem = (token: unknown, options: { db?: Db; authorization?: string | null } = {}): Promise<RedeemResponse> =>
  redeemLinkToken(options.db ?? t.db, {
    authorization: options.authorization === undefined ? `Bearer ${redeemer.token}` : options.authorization,
    body: token === undefined ? undefined : { token },
    ip: "203.0.113.7",
    userAgent: "platform/1.0",
  });

const errorCode = (response: RedeemResponse) => ("error" in response.body ? response.body.error.code : null);

describe("POST /api/platform/v1/tokens/redeem", () => {
  it("redeems a password-reset token once: whose it is, marked used by the source, audited", async () => {
    const raw = await resetToken();
    const first = await redeem(raw);
    expect(first).toMatchObject({ status: 200, body: { kind: "password_reset", accountId, email: accountEmail, externalId: "acc-redeem" } });
    const stored = await t.db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashToken(raw) }, include: { usedBySource: true } });
    expect(stored.usedAt).toBeInstanceOf(Date);
    expect(stored.usedBySource?.name).toBe("platform-prod");
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({
      action: "platform.redeem_token",
      outcome: "DONE",
      actorId: null,
      actorEmail: "source:platform-prod",
      targetAccountId: accountId,
      ip: "203.0.113.7",
    });

    const again = await redeem(raw);
    expect(again.status).toBe(410);
    expect(errorCode(again)).toBe("TOKEN_USED");
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ outcome: "REFUSED", code: "TOKEN_USED" });
  });

  it("a link redeemed in one statement is audited exactly as writeAudit would: clipped text, the details, an intact hash chain, the source's last use", async () => {
    await t.db.eventSource.updateMany({ where: { name: "platform-prod" }, data: { lastUsedAt: null } });
    const raw = await resetToken();
    const longAgent = "x".repeat(2_000);
    const response = await redeemLinkToken(t.db, { authorization: `Bearer ${redeemer.token}`, body: { token: raw }, ip: "203.0.113.9", userAgent: longAgent });
    expect(response.status).toBe(200);
    const stored = await t.db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashToken(raw) } });
    const entry = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({
      action: "platform.redeem_token",
      outcome: "DONE",
      actorEmail: "source:platform-prod",
      targetAccountId: accountId,
      targetSignUpId: null,
      ip: "203.0.113.9",
    });
    expect(entry.userAgent).toHaveLength(500);
    expect(entry.detail).toEqual({ kind: "password_reset", tokenId: stored.id, outboxId: stored.outboxId, source: "platform-prod" });
    expect(entry.hash).not.toBeNull();
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      expect(await verifyAuditChain(client)).toMatchObject({ ok: true });
    } finally {
      await client.end();
    }
    expect((await t.db.eventSource.findFirstOrThrow({ where: { name: "platform-prod" } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("a rotated-out source token redeems within its grace and not after it, and a link is not spent by a refused source", async () => {
    const rotated = newSourceToken();
    const current = newSourceToken();
    const source = await t.db.eventSource.create({
      data: {
        name: "rotating",
        tokenHash: current.hash,
        tokenPrefix: current.prefix,
        scopes: ["redeem"],
        previousTokenHash: rotated.hash,
        previousTokenExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    const own = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
    await t.db.account.update({ where: { id: own.accountId ?? 0 }, data: { sourceId: source.id, externalId: "acc-rotating" } });
    const owner = { accountId: own.accountId ?? 0, to: own.email };
    expect((await redeem(await resetToken({}, owner), { authorization: `Bearer ${rotated.token}` })).status).toBe(200);
    await t.db.eventSource.update({ where: { id: source.id }, data: { previousTokenExpiresAt: new Date(Date.now() - 1) } });
    const raw = await resetToken({}, owner);
    expect((await redeem(raw, { authorization: `Bearer ${rotated.token}` })).status).toBe(401);
    expect((await redeem(raw, { authorization: `Bearer ${ingestOnly.token}` })).status).toBe(403);
    expect((await redeem(raw, { authorization: `Bearer ${current.token}` })).status).toBe(200);
    const next = await resetToken({}, owner);
    await t.db.eventSource.update({ where: { id: source.id }, data: { revokedAt: new Date() } });
    expect((await redeem(next, { authorization: `Bearer ${current.token}` })).status).toBe(401);
    expect((await t.db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashToken(next) } })).usedAt).toBeNull();
  });

  it("redeems a confirmation token: the sign-up and its address", async () => {
    const raw = await confirmationToken();
    expect(await redeem(raw)).toMatchObject({ status: 200, body: { kind: "confirmation", signUpId, email: signUpEmail } });
    expect((await t.db.confirmationToken.findUniqueOrThrow({ where: { tokenHash: hashToken(raw) } })).usedBySourceId).not.toBeNull();
    expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ outcome: "DONE", targetSignUpId: signUpId });
    expect(errorCode(await redeem(raw))).toBe("TOKEN_USED");
  });

  it.each([
    ["expired", { expiresAt: new Date(Date.now() - 1000) }, "TOKEN_EXPIRED"],
    ["superseded", { supersededAt: new Date() }, "TOKEN_SUPERSEDED"],
    ["used", { usedAt: new Date() }, "TOKEN_USED"],
  ] as const)("answers 410 for a %s token, of either kind, and marks nothing", async (_label, state, code) => {
    for (const make of [resetToken, confirmationToken]) {
      const raw = await make(state);
      const response = await redeem(raw);
      expect(response.status).toBe(410);
      expect(errorCode(response)).toBe(code);
      const row =
        (await t.db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(raw) } })) ??
        (await t.db.confirmationToken.findUniqueOrThrow({ where: { tokenHash: hashToken(raw) } }));
      expect(row.usedBySourceId).toBeNull();
    }
  });

  it.each([
    ["banned", "ACCOUNT_BANNED", { status: "BANNED" }],
    ["deleted", "ACCOUNT_DELETED", { deletedAt: new Date() }],
    ["terminated", "ACCOUNT_TERMINATED", { status: "TERMINATED" }],
    ["on unified login", "UNIFIED_LOGIN", { loginMethod: "UNIFIED_LOGIN" }],
    ["given another address", "EMAIL_CHANGED", { email: "someone-else@customer.example", emailLower: "someone-else@customer.example" }],
  ] as const)(
    "re-checks the account at redemption: a link to an account %s since it was sent answers 410 %s and stays unused",
    async (_label, code, change) => {
      // Changed directly (seeded data, or any path but ingest): nothing cancelled the link.
      const own = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
      const owner = { accountId: own.accountId ?? 0, to: own.email };
      await t.db.account.update({ where: { id: owner.accountId }, data: { sourceId: (await prodSource()).id, externalId: `acc-${++counter}` } });
      const raw = await resetToken({}, owner);
      await t.db.account.update({ where: { id: owner.accountId }, data: change });
      const response = await redeem(raw);
      expect(response.status).toBe(410);
      expect(errorCode(response)).toBe(code);
      expect((await t.db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashToken(raw) } })).usedAt).toBeNull();
      expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ outcome: "REFUSED", code });
    },
  );

  it("compares the address without case, and re-checks a sign-up: confirmed or given another address answers 410", async () => {
    const own = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
    await t.db.account.update({ where: { id: own.accountId ?? 0 }, data: { sourceId: (await prodSource()).id, externalId: `acc-${++counter}` } });
    expect((await redeem(await resetToken({}, { accountId: own.accountId ?? 0, to: own.email.toUpperCase() }))).status).toBe(200);

    const confirmed = await confirmationToken();
    await t.db.signUp.update({ where: { id: signUpId }, data: { confirmedAt: new Date() } });
    expect(errorCode(await redeem(confirmed))).toBe("SIGNUP_CONFIRMED");
    await t.db.signUp.update({ where: { id: signUpId }, data: { confirmedAt: null } });
    const elsewhere = await confirmationToken({}, { signUpId, to: "typo@customer.example" });
    expect(errorCode(await redeem(elsewhere))).toBe("EMAIL_CHANGED");
  });

  it("answers a cancelled link with the reason ingest recorded, before superseded and expired", async () => {
    for (const make of [resetToken, confirmationToken]) {
      const raw = await make({ cancelledAt: new Date(), cancelReason: "EMAIL_CHANGED", supersededAt: new Date(), expiresAt: new Date(Date.now() - 1000) });
      expect(errorCode(await redeem(raw))).toBe("EMAIL_CHANGED");
    }
  });

  it("only the source whose events created the records redeems their links; seeded records belong to the demo source", async () => {
    const staging = newSourceToken();
    const demo = newSourceToken();
    await t.db.eventSource.create({ data: { name: "platform-staging", tokenHash: staging.hash, tokenPrefix: staging.prefix, scopes: ["ingest", "redeem"] } });
    await t.db.eventSource.create({ data: { name: "demo-platform", tokenHash: demo.hash, tokenPrefix: demo.prefix, scopes: ["ingest", "redeem"] } });

    // A production link presented by staging: refused, not spent, and nothing about its state is told.
    for (const raw of [await resetToken(), await confirmationToken(), await resetToken({ usedAt: new Date() })]) {
      const refused = await redeem(raw, { authorization: `Bearer ${staging.token}` });
      expect(refused.status).toBe(403);
      expect(errorCode(refused)).toBe("SOURCE_NOT_ALLOWED");
      expect(await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
        outcome: "REFUSED",
        code: "SOURCE_NOT_ALLOWED",
        actorEmail: "source:platform-staging",
      });
    }
    const prodLink = await resetToken();
    expect((await redeem(prodLink, { authorization: `Bearer ${demo.token}` })).status).toBe(403);
    expect((await redeem(prodLink)).status).toBe(200);

    // A seeded account (no source): the demo source redeems its links, platform-prod does not.
    const seeded = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
    const owner = { accountId: seeded.accountId ?? 0, to: seeded.email };
    const seededLink = await resetToken({}, owner);
    expect(errorCode(await redeem(seededLink))).toBe("SOURCE_NOT_ALLOWED");
    expect(errorCode(await redeem(seededLink, { authorization: `Bearer ${staging.token}` }))).toBe("SOURCE_NOT_ALLOWED");
    expect(await redeem(seededLink, { authorization: `Bearer ${demo.token}` })).toMatchObject({ status: 200, body: { accountId: owner.accountId } });
  });

  it("answers 404 for a well-formed token no link has", async () => {
    const response = await redeem(newResetToken());
    expect(response.status).toBe(404);
    expect(errorCode(response)).toBe("TOKEN_UNKNOWN");
  });

  it.each([
    ["no JSON body", undefined],
    ["a number", 42],
    ["too short", "abc"],
    ["a pattern", "%"],
    ["too long", "a".repeat(44)],
  ])("answers 400 for %s", async (_label, token) => {
    const response = await redeem(token);
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("INVALID_BODY");
    expect("error" in response.body && response.body.error.message).toMatch(/token/);
  });

  it("answers 400 for extra fields and a body that is not an object", async () => {
    const raw = await resetToken();
    for (const body of [{ token: raw, accountId: 1 }, [raw], raw]) {
      const response = await redeemLinkToken(t.db, { authorization: `Bearer ${redeemer.token}`, body });
      expect(response.status).toBe(400);
    }
    // None of them used it.
    expect((await redeem(raw)).status).toBe(200);
  });

  it("answers 401 without a valid source token and 403 without the redeem scope, before reading the body", async () => {
    const raw = await resetToken();
    for (const authorization of [null, "", `Bearer ${newSourceToken().token}`, `Basic ${redeemer.token}`]) {
      const response = await redeem(raw, { authorization });
      expect(response.status).toBe(401);
    }
    expect((await redeem(raw, { authorization: `Bearer ${ingestOnly.token}` })).status).toBe(403);
    expect((await redeem(raw)).status).toBe(200);
  });

  it("lets exactly one of many simultaneous redemptions of one token succeed, through separate connections", async () => {
    const clients = Array.from({ length: 4 }, () => createPrismaClient(t.url, { max: 2 }));
    try {
      // Warm every pool so the calls start together rather than behind a connect.
      await Promise.all(clients.map((c) => c.$queryRaw`SELECT 1::int AS ok`));
      for (let round = 0; round < 5; round++) {
        const raw = round % 2 === 0 ? await resetToken() : await confirmationToken();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => redeem(raw, { db: clients[i % clients.length] })));
        const statuses = results.map((r) => r.status).sort();
        expect(statuses, `round ${round}`).toEqual([200, 410, 410, 410, 410, 410, 410, 410]);
        for (const r of results) if (r.status === 410) expect(errorCode(r)).toBe("TOKEN_USED");
        // One DONE entry for the one winner, one REFUSED entry for each loser.
        const row =
          (await t.db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(raw) } })) ??
          (await t.db.confirmationToken.findUniqueOrThrow({ where: { tokenHash: hashToken(raw) } }));
        const entries = await t.db.auditEntry.findMany({ where: { action: "platform.redeem_token", detail: { path: ["tokenId"], equals: row.id } } });
        const mine = entries.filter((e) => (e.detail as { kind?: string } | null)?.kind === (round % 2 === 0 ? "password_reset" : "confirmation"));
        expect(mine.filter((e) => e.outcome === "DONE")).toHaveLength(1);
        expect(mine.filter((e) => e.outcome === "REFUSED")).toHaveLength(7);
      }
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("never writes a token, or its hash, into the audit trail", async () => {
    const entries = JSON.stringify(await t.db.auditEntry.findMany({ where: { action: "platform.redeem_token" } }), (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    expect(rawTokens.length).toBeGreaterThan(10);
    for (const raw of rawTokens) {
      expect(entries).not.toContain(raw);
      expect(entries).not.toContain(hashToken(raw));
    }
    expect(entries).not.toContain(redeemer.token);
  });
});
