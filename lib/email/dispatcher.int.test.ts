// The dispatcher against a real database and real SMTP servers: delivery, a relay that
// is down or refusing, a worker that dies between claim and send, and two dispatchers
// racing over the same rows. Run with TEST_DATABASE_URL too: on PGlite every statement
// is serialised, so only PostgreSQL makes the race real.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedAccount } from "@/prisma/seed/factories";
import { createPrismaClient } from "@/lib/db/prisma";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { freePort } from "@/lib/testing/free-port";
import type { EmailKind } from "@/lib/generated/prisma/enums";
import { REDACTED_SECRET, startSmtpCatcher, type SmtpCatcher } from "./catcher";
import { claimOutboxBatch, createDispatcher, type DispatcherOptions } from "./dispatcher";
import type { OutboxPayload } from "./payload";
import { hashToken, newResetToken, sealToken } from "./token";
import { createSmtpTransport, type EmailTransport } from "./transport";

process.env.OUTBOX_SECRET = "dispatcher-int-test-secret";
process.env.CUSTOMER_APP_URL = "https://app.test";

let t: TestDatabase;
let catcher: SmtpCatcher;
let staffId: string;
const transports: EmailTransport[] = [];
let counter = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  staffId = (await t.db.staffUser.create({ data: { email: "agent@outbox.test", name: "Agent", role: "AGENT" } })).id;
  // This suite plays the customer, who needs the real link: keep the secrets.
  catcher = await startSmtpCatcher({ db: t.db, keepSecrets: true });
});
afterAll(async () => {
  for (const transport of transports) transport.close?.();
  await catcher?.stop();
  await t?.drop();
});
beforeEach(async () => {
  await t.db.passwordResetToken.deleteMany();
  await t.db.confirmationToken.deleteMany();
  await t.db.emailOutbox.deleteMany();
  await t.db.caughtEmail.deleteMany();
});

function smtp(url: string): EmailTransport {
  const transport = createSmtpTransport(url, { timeoutMs: 5000 });
  transports.push(transport);
  return transport;
}

function dispatcher(options: Partial<DispatcherOptions> & Pick<DispatcherOptions, "transport">) {
  return createDispatcher({ db: t.db, workerId: "test", backoff: () => 0, pollIntervalMs: 20, ...options });
}

async function enqueue(kind: EmailKind, recipient: string, payload: OutboxPayload, accountId: number | null = null) {
  return t.db.emailOutbox.create({
    data: { kind, recipient, payload, accountId, requestedById: staffId, idempotencyKey: `test-${++counter}` },
  });
}

/** A reset email with its token row, as the action writes them (optionally already dead). */
async function enqueueReset(
  recipient: string,
  token: { supersededAt?: Date; usedAt?: Date; expiresAt?: Date; cancelledAt?: Date; cancelReason?: "ACCOUNT_BANNED" } = {},
) {
  const seeded = await seedAccount(t.db, { scenario: "healthy", now: new Date(), historyMonths: 1 });
  const raw = newResetToken();
  const expiresAt = token.expiresAt ?? new Date(Date.now() + 3_600_000);
  const row = await enqueue(
    "PASSWORD_RESET",
    recipient,
    { kind: "PASSWORD_RESET", username: seeded.username, sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
    seeded.accountId,
  );
  await t.db.passwordResetToken.create({
    data: {
      accountId: seeded.accountId ?? 0,
      tokenHash: hashToken(raw),
      expiresAt,
      outboxId: row.id,
      requestedById: staffId,
      supersededAt: token.supersededAt ?? null,
      usedAt: token.usedAt ?? null,
      cancelledAt: token.cancelledAt ?? null,
      cancelReason: token.cancelReason ?? null,
    },
  });
  return { row, raw };
}

function enqueueUsernames(n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) => enqueue("USERNAME_RECOVERY", `user${i}@customer.test`, { kind: "USERNAME_RECOVERY", username: `user${i}` })),
  );
}

/** Caught messages per outbox row (the Message-ID is stable per row). */
async function deliveriesPerRow(): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const { messageId } of await t.db.caughtEmail.findMany({ select: { messageId: true } })) {
    const id = Number(/^<outbox-(\d+)\./.exec(messageId ?? "")?.[1]);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe("delivery", () => {
  it("sends a queued password reset whose link carries the token the database holds the hash of", async () => {
    const seeded = await seedAccount(t.db, { scenario: "forgotten_password", now: new Date(), historyMonths: 1 });
    const raw = newResetToken();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const row = await enqueue(
      "PASSWORD_RESET",
      seeded.email,
      { kind: "PASSWORD_RESET", username: seeded.username, sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
      seeded.accountId,
    );
    await t.db.passwordResetToken.create({
      data: { accountId: seeded.accountId!, tokenHash: hashToken(raw), expiresAt, outboxId: row.id, requestedById: staffId },
    });

    const result = await dispatcher({ transport: smtp(catcher.url) }).runOnce();
    expect(result).toMatchObject({ claimed: 1, sent: 1, retried: 0, failed: 0, lost: 0 });

    const [mail, ...rest] = await t.db.caughtEmail.findMany();
    expect(rest).toHaveLength(0);
    expect(mail?.to).toBe(seeded.email);
    expect(mail?.from).toContain("support@platform.example");
    expect(mail?.subject).toBe("Reset your password");
    expect(mail?.html).toContain("<html");
    const link = /https:\/\/app\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "");
    expect(link, "the text part carries the reset link").not.toBeNull();
    expect(mail?.html).toContain(link?.[0]);
    const stored = await t.db.passwordResetToken.findUniqueOrThrow({ where: { outboxId: row.id } });
    expect(hashToken(link?.[1] ?? "")).toBe(stored.tokenHash);

    const sent = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.status).toBe("SENT");
    expect(sent.attempts).toBe(1);
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(sent.messageId).toBe(mail?.messageId);
    expect(sent.payload).toEqual({ kind: "PASSWORD_RESET", username: seeded.username, expiresAt: expiresAt.toISOString() });
  });

  it.each([
    ["replaced by a newer reset", { supersededAt: new Date() }, /newer password reset/],
    ["already used", { usedAt: new Date() }, /already used/],
    ["expired while queued", { expiresAt: new Date(Date.now() - 1000) }, /expired/],
    [
      "cancelled by the platform's ban",
      { cancelledAt: new Date("2026-12-01T09:30:00Z"), cancelReason: "ACCOUNT_BANNED" as const },
      /^not sent: cancelled: the account was banned on 2026-12-01 09:30 UTC$/,
    ],
  ])("does not send a reset link that was %s", async (_label, token, error) => {
    const { row } = await enqueueReset("dead-link@customer.test", token);
    const result = await dispatcher({ transport: smtp(catcher.url) }).runOnce();
    expect(result).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(await t.db.caughtEmail.count()).toBe(0);
    const failed = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toMatch(error);
    expect(failed.payload).not.toHaveProperty("sealedToken");
  });

  it("sends username recovery and confirmation emails to their recipients", async () => {
    await enqueue("USERNAME_RECOVERY", "a@customer.test", { kind: "USERNAME_RECOVERY", username: "alpha" });
    // A confirmation link carries a single-use token (never the address, which anyone could forge).
    const signUp = await t.db.signUp.create({
      data: {
        username: "beta",
        usernameLower: "beta",
        email: "b+x@customer.test",
        emailLower: "b+x@customer.test",
        lastConfirmationSentAt: new Date(),
        confirmationExpiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const raw = newResetToken();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const confirmation = await t.db.emailOutbox.create({
      data: {
        kind: "CONFIRMATION_RESEND",
        recipient: "b+x@customer.test",
        signUpId: signUp.id,
        payload: { kind: "CONFIRMATION_RESEND", username: "beta", sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
        requestedById: staffId,
        idempotencyKey: `test-${++counter}`,
      },
    });
    await t.db.confirmationToken.create({
      data: { signUpId: signUp.id, tokenHash: hashToken(raw), expiresAt, outboxId: confirmation.id, requestedById: staffId },
    });
    expect((await dispatcher({ transport: smtp(catcher.url) }).runOnce()).sent).toBe(2);
    const mails = await t.db.caughtEmail.findMany({ orderBy: { to: "asc" } });
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      ["a@customer.test", "Your username"],
      ["b+x@customer.test", "Confirm your email address"],
    ]);
    expect(mails[1]?.text).toContain(`https://app.test/signup/confirm?token=${raw}`);
    expect(mails[1]?.text).not.toContain("b%2Bx%40customer.test");
    expect((await t.db.emailOutbox.findUniqueOrThrow({ where: { id: confirmation.id } })).payload).not.toHaveProperty("sealedToken");
  });

  it("fails a row whose payload breaks the contract without sending it", async () => {
    const row = await t.db.emailOutbox.create({
      data: {
        kind: "PASSWORD_RESET",
        recipient: "c@customer.test",
        payload: { kind: "PASSWORD_RESET" },
        requestedById: staffId,
        idempotencyKey: `bad-${++counter}`,
      },
    });
    expect((await dispatcher({ transport: smtp(catcher.url) }).runOnce()).failed).toBe(1);
    expect(await t.db.caughtEmail.count()).toBe(0);
    expect((await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("FAILED");
  });
});

describe("relay down", () => {
  it("keeps every email through a relay outage and delivers each once when it is back", async () => {
    const port = await freePort();
    const rows = await enqueueUsernames(5);
    const d = dispatcher({ transport: smtp(`smtp://127.0.0.1:${port}`), maxAttempts: 5 });

    expect(await d.runOnce()).toMatchObject({ claimed: 5, retried: 5, sent: 0 });
    for (const row of await t.db.emailOutbox.findMany()) {
      expect(row.status).toBe("QUEUED");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    }
    expect(await d.runOnce()).toMatchObject({ claimed: 5, retried: 5 });

    const relay = await startSmtpCatcher({ db: t.db, port });
    try {
      expect(await d.runOnce()).toMatchObject({ claimed: 5, sent: 5 });
      expect(await d.runOnce()).toMatchObject({ claimed: 0 });
    } finally {
      await relay.stop();
    }
    const counts = await deliveriesPerRow();
    expect(rows.map((r) => counts.get(r.id))).toEqual([1, 1, 1, 1, 1]);
    for (const row of await t.db.emailOutbox.findMany()) {
      expect(row).toMatchObject({ status: "SENT", attempts: 3 });
      expect(row.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    }
  });

  it("retries a relay that answers 451 and records its reply", async () => {
    let refusing = true;
    const seen: string[] = [];
    const relay = new SMTPServer({
      disabledCommands: ["AUTH", "STARTTLS"],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            if (refusing) return callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
            const id = mail.headers.get("x-outbox-id");
            seen.push(typeof id === "string" ? id : "");
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    try {
      const rows = await enqueueUsernames(3);
      const d = dispatcher({ transport: smtp(`smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`) });
      expect(await d.runOnce()).toMatchObject({ claimed: 3, retried: 3 });
      const failed = await t.db.emailOutbox.findFirstOrThrow();
      expect(failed.lastError).toMatch(/451/);
      expect(failed.lastError).toMatch(/try again later/);
      refusing = false;
      expect(await d.runOnce()).toMatchObject({ claimed: 3, sent: 3 });
      expect(seen.sort()).toEqual(rows.map((r) => String(r.id)).sort());
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it("waits for the backoff before the next attempt", async () => {
    const port = await freePort();
    const [row] = await enqueueUsernames(1);
    const d = dispatcher({ transport: smtp(`smtp://127.0.0.1:${port}`), backoff: () => 60_000 });
    const before = Date.now();
    expect((await d.runOnce()).retried).toBe(1);
    expect((await d.runOnce()).claimed).toBe(0);
    const queued = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row!.id } });
    expect(queued.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
    const later = dispatcher({ transport: smtp(`smtp://127.0.0.1:${port}`), now: () => new Date(Date.now() + 61_000) });
    expect((await later.runOnce()).claimed).toBe(1);
  });

  it("gives up after maxAttempts: FAILED, last error kept, sealed token dropped", async () => {
    const port = await freePort();
    const { row } = await enqueueReset("d@customer.test");
    const d = dispatcher({ transport: smtp(`smtp://127.0.0.1:${port}`), maxAttempts: 3 });
    expect((await d.runOnce()).retried).toBe(1);
    expect((await d.runOnce()).retried).toBe(1);
    expect((await d.runOnce()).failed).toBe(1);
    expect((await d.runOnce()).claimed).toBe(0);
    const failed = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: 3, messageId: null, sentAt: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(failed.payload).not.toHaveProperty("sealedToken");
  });
});

describe("a worker that dies between claim and send", () => {
  it("leaves the row to another dispatcher once the lease has run out, which sends it once", async () => {
    const [row] = await enqueueUsernames(1);
    const claimed = await claimOutboxBatch(t.db, { batchSize: 10, leaseMs: 60_000 });
    expect(claimed.map((r) => r.id)).toEqual([row!.id]);
    // ... and the claiming process is gone.

    const early = dispatcher({ transport: smtp(catcher.url), leaseMs: 60_000 });
    expect((await early.runOnce()).claimed).toBe(0);

    const afterLease = dispatcher({ transport: smtp(catcher.url), leaseMs: 60_000, now: () => new Date(Date.now() + 61_000) });
    expect(await afterLease.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await afterLease.runOnce()).toMatchObject({ claimed: 0 });
    expect((await deliveriesPerRow()).get(row!.id)).toBe(1);
    expect(await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("a worker that overran its lease cannot overwrite the result of the one that took over", async () => {
    const [row] = await enqueueUsernames(1);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = dispatcher({
      transport: { sendMail: () => gate.then(() => ({ messageId: "<late@slow.test>" })) },
      leaseMs: 60_000,
    });
    const slowRound = slow.runOnce();
    await expect.poll(async () => (await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row!.id } })).status).toBe("SENDING");

    const takeover = dispatcher({ transport: smtp(catcher.url), leaseMs: 60_000, now: () => new Date(Date.now() + 61_000) });
    expect(await takeover.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    release();
    expect(await slowRound).toMatchObject({ claimed: 1, lost: 1, sent: 0 });
    const final = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row!.id } });
    expect(final.status).toBe("SENT");
    expect(final.messageId).not.toBe("<late@slow.test>");
  });

  it("does not send again a row whose last attempt's lease ran out", async () => {
    const [row] = await enqueueUsernames(1);
    const d = dispatcher({ transport: smtp(catcher.url), maxAttempts: 1, leaseMs: 1000, now: () => new Date(Date.now() + 2000) });
    await claimOutboxBatch(t.db, { batchSize: 1, leaseMs: 1000 });
    expect((await d.runOnce()).failed).toBe(1);
    expect(await t.db.caughtEmail.count()).toBe(0);
    expect((await t.db.emailOutbox.findUniqueOrThrow({ where: { id: row!.id } })).lastError).toMatch(/lease expired/);
  });
});

describe("concurrent dispatchers", () => {
  it("two dispatchers draining the same rows never send one twice", async () => {
    const total = 300;
    const rows = await enqueueUsernames(total);
    const clients = [createPrismaClient(t.url, { max: 4 }), createPrismaClient(t.url, { max: 4 })];
    try {
      const workers = clients.map((db, i) => createDispatcher({ db, transport: smtp(catcher.url), workerId: `w${i}`, batchSize: 7, backoff: () => 0 }));
      const sentBy = await Promise.all(
        workers.map(async (w) => {
          let sent = 0;
          for (;;) {
            const round = await w.runOnce();
            expect(round.lost).toBe(0);
            sent += round.sent;
            if (round.claimed === 0) return sent;
          }
        }),
      );
      expect(sentBy.reduce((a, b) => a + b, 0)).toBe(total);
      const counts = await deliveriesPerRow();
      expect(counts.size).toBe(total);
      expect(rows.filter((r) => counts.get(r.id) !== 1).map((r) => r.id)).toEqual([]);
      expect(await t.db.emailOutbox.count({ where: { status: "SENT", attempts: 1 } })).toBe(total);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("start() polls until stop(), which waits for the sends in flight", async () => {
    const d = dispatcher({ transport: smtp(catcher.url), batchSize: 4 });
    d.start();
    d.start();
    await enqueueUsernames(10);
    await expect.poll(() => t.db.emailOutbox.count({ where: { status: "SENT" } }), { timeout: 10_000 }).toBe(10);
    await d.stop();
    await enqueueUsernames(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await t.db.emailOutbox.count({ where: { status: "QUEUED" } })).toBe(1);
  });
});

// Security review: in the default (embedded) mode an agent sent a reset and read the
// link on /mail; its token's SHA-256 was the live token's hash: an account takeover.
describe("the demo mailbox", () => {
  it("keeps the reset email and its link's shape, but not a token anybody could use", async () => {
    const mailbox = await startSmtpCatcher({ db: t.db });
    try {
      const { row, raw } = await enqueueReset("demo-mailbox@customer.test");
      await t.db.emailOutbox.updateMany({ where: { id: { not: row.id }, status: "QUEUED" }, data: { status: "FAILED" } });
      expect((await dispatcher({ transport: smtp(mailbox.url) }).runOnce()).sent).toBe(1);
      const mail = await t.db.caughtEmail.findFirstOrThrow({ where: { to: "demo-mailbox@customer.test" } });
      for (const part of [mail.text ?? "", mail.html ?? ""]) {
        expect(part).toContain(`/reset-password?token=${REDACTED_SECRET}`);
        expect(part).not.toContain(raw);
        expect(part).not.toContain(encodeURIComponent(raw));
      }
      expect(mail.subject).toBe("Reset your password");
    } finally {
      await mailbox.stop();
    }
  });
});
