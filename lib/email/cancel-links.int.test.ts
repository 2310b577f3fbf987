// Issue #19 item 5: a reset or confirmation link sent before the platform bans, deletes
// or terminates the account, changes its email, moves it to unified login, or confirms or
// expires the sign-up stops working when that event is ingested (in its transaction), and
// redemption answers 410 with a code that says why; the pages read the same reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { listOutboxEmails } from "@/lib/data/outbox/list-outbox-emails";
import { buildEvent, type StructuredCloudEvent } from "@/lib/ingest/build-event";
import { ingestBatch, type IngestSource } from "@/lib/ingest/ingest-batch";
import { redeemLinkToken } from "@/lib/platform/redeem";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { hashToken, newResetToken } from "./token";

let t: TestDatabase;
let source: IngestSource;
let staffId: string;
const sourceToken = newSourceToken();
let seq = 0;

/** Recent times, so no clock rule of the ingest path stands in the way. */
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
  staffId = (await t.db.staffUser.create({ data: { email: "agent@cancel.test", name: "Agent", role: "AGENT" } })).id;
  const row = await t.db.eventSource.create({
    data: { name: "platform-prod", tokenHash: sourceToken.hash, tokenPrefix: sourceToken.prefix, scopes: ["ingest", "redeem"] },
  });
  source = { id: row.id, allowedTypes: [] };
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

async function ingest(...events: StructuredCloudEvent[]): Promise<void> {
  const results = await ingestBatch(t.db, source, events);
  expect(results.map((r) => r.status)).toEqual(events.map(() => "accepted"));
}

/** An account the platform sent, with its console id. */
async function platformAccount(extra: Record<string, unknown> = {}): Promise<{ externalId: string; id: number; email: string }> {
  const externalId = `acc-${++seq}`;
  const email = `${externalId}@customer.example`;
  await ingest(buildEvent("account.created", { account_id: externalId, username: `user_${seq}`, email, ...extra }, { time: minutesAgo(60) }));
  const row = await t.db.account.findUniqueOrThrow({ where: { sourceId_externalId: { sourceId: source.id, externalId } }, select: { id: true } });
  return { externalId, id: row.id, email };
}

async function platformSignUp(): Promise<{ externalId: string; id: number; email: string }> {
  const externalId = `su-${++seq}`;
  const email = `${externalId}@customer.example`;
  await ingest(
    buildEvent(
      "signup.created",
      { signup_id: externalId, username: `new_${seq}`, email, confirmation_expires_at: new Date(Date.now() + 3_600_000).toISOString() },
      { time: minutesAgo(60) },
    ),
  );
  const row = await t.db.signUp.findUniqueOrThrow({ where: { sourceId_externalId: { sourceId: source.id, externalId } }, select: { id: true } });
  return { externalId, id: row.id, email };
}

/** A link as the recovery actions leave it: an outbox row to the address on record, and the token's hash. */
async function link(subject: { accountId: number } | { signUpId: number }, to: string, createdAt = new Date()): Promise<string> {
  const raw = newResetToken();
  const common = { tokenHash: hashToken(raw), createdAt, expiresAt: new Date(Date.now() + 3_600_000), requestedById: staffId };
  if ("accountId" in subject) {
    const outbox = await t.db.emailOutbox.create({
      data: { kind: "PASSWORD_RESET", recipient: to, accountId: subject.accountId, requestedById: staffId, idempotencyKey: `cancel-${++seq}` },
    });
    await t.db.passwordResetToken.create({ data: { accountId: subject.accountId, outboxId: outbox.id, ...common } });
  } else {
    const outbox = await t.db.emailOutbox.create({
      data: { kind: "CONFIRMATION_RESEND", recipient: to, signUpId: subject.signUpId, requestedById: staffId, idempotencyKey: `cancel-${++seq}` },
    });
    await t.db.confirmationToken.create({ data: { signUpId: subject.signUpId, outboxId: outbox.id, ...common } });
  }
  return raw;
}

const redeem = (raw: string) => redeemLinkToken(t.db, { authorization: `Bearer ${sourceToken.token}`, body: { token: raw } });
const codeOf = (response: Awaited<ReturnType<typeof redeem>>) => ("error" in response.body ? response.body.error.code : null);

async function stored(raw: string) {
  const hash = hashToken(raw);
  const select = { usedAt: true, cancelledAt: true, cancelReason: true } as const;
  return (
    (await t.db.passwordResetToken.findUnique({ where: { tokenHash: hash }, select })) ??
    (await t.db.confirmationToken.findUniqueOrThrow({ where: { tokenHash: hash }, select }))
  );
}

describe("ingest cancels the links an event makes wrong, and redemption says why", () => {
  it.each([
    ["banned", "ACCOUNT_BANNED", (a: string, time: Date) => buildEvent("account.banned", { account_id: a, reason: "spam" }, { time })],
    ["deleted", "ACCOUNT_DELETED", (a: string, time: Date) => buildEvent("account.deleted", { account_id: a }, { time })],
    ["terminated", "ACCOUNT_TERMINATED", (a: string, time: Date) => buildEvent("account.terminated", { account_id: a }, { time })],
    [
      "terminated through account.updated",
      "ACCOUNT_TERMINATED",
      (a: string, time: Date) => buildEvent("account.updated", { account_id: a, status: "terminated" }, { time }),
    ],
    [
      "moved to unified login",
      "UNIFIED_LOGIN",
      (a: string, time: Date) => buildEvent("account.updated", { account_id: a, login_method: "unified_login", unified_login_id: "u-1" }, { time }),
    ],
    [
      "given a new email address",
      "EMAIL_CHANGED",
      (a: string, time: Date) => buildEvent("account.updated", { account_id: a, email: `new-${a}@elsewhere.example` }, { time }),
    ],
  ] as const)("an account %s: its open reset link is cancelled at the event's time and answers 410 %s", async (_label, code, event) => {
    const account = await platformAccount();
    const raw = await link({ accountId: account.id }, account.email);
    const time = minutesAgo(1);
    await ingest(event(account.externalId, time));

    expect(await stored(raw)).toEqual({ usedAt: null, cancelledAt: time, cancelReason: code });
    const response = await redeem(raw);
    expect(response.status).toBe(410);
    expect(codeOf(response)).toBe(code);
    expect((await stored(raw)).usedAt).toBeNull();
    const [email] = await listOutboxEmails(t.db, { accountId: account.id });
    expect(email?.link).toEqual({ state: "cancelled", at: time, reason: code });
  });

  it("a ban cancels the subusers' links too; an update that changes nothing that matters cancels nothing", async () => {
    const parent = await platformAccount();
    const sub = await platformAccount({ parent_account_id: parent.externalId });
    const subLink = await link({ accountId: sub.id }, sub.email);
    const parentLink = await link({ accountId: parent.id }, parent.email);
    await ingest(buildEvent("account.updated", { account_id: parent.externalId, plan: "pro", email: parent.email.toUpperCase() }, { time: minutesAgo(3) }));
    expect((await stored(parentLink)).cancelReason).toBeNull();

    await ingest(buildEvent("account.banned", { account_id: parent.externalId, reason: "fraud", cascade_subusers: true }, { time: minutesAgo(2) }));
    expect((await stored(subLink)).cancelReason).toBe("ACCOUNT_BANNED");
    expect(codeOf(await redeem(subLink))).toBe("ACCOUNT_BANNED");
  });

  it("a used link stays used, and a link sent after the change is not touched by it", async () => {
    const account = await platformAccount();
    const used = await link({ accountId: account.id }, account.email);
    expect((await redeem(used)).status).toBe(200);
    const newEmail = `moved-${account.externalId}@customer.example`;
    await ingest(buildEvent("account.updated", { account_id: account.externalId, email: newEmail }, { time: minutesAgo(2) }));
    expect(await stored(used)).toMatchObject({ cancelReason: null });
    expect(codeOf(await redeem(used))).toBe("TOKEN_USED");

    // The agent sends a fresh reset to the new address: it works, and shows that address.
    const fresh = await link({ accountId: account.id }, newEmail);
    expect(await redeem(fresh)).toMatchObject({ status: 200, body: { email: newEmail } });
  });

  it("a sign-up confirmed, or given a new address, cancels its confirmation links", async () => {
    const confirmed = await platformSignUp();
    const raw = await link({ signUpId: confirmed.id }, confirmed.email);
    await ingest(buildEvent("signup.confirmed", { signup_id: confirmed.externalId }, { time: minutesAgo(1) }));
    expect((await stored(raw)).cancelReason).toBe("SIGNUP_CONFIRMED");
    expect(codeOf(await redeem(raw))).toBe("SIGNUP_CONFIRMED");

    const moved = await platformSignUp();
    const old = await link({ signUpId: moved.id }, moved.email);
    await ingest(
      buildEvent(
        "signup.created",
        {
          signup_id: moved.externalId,
          username: "moved",
          email: "other@customer.example",
          confirmation_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        },
        { time: minutesAgo(1) },
      ),
    );
    expect((await stored(old)).cancelReason).toBe("EMAIL_CHANGED");
    expect(codeOf(await redeem(old))).toBe("EMAIL_CHANGED");
  });

  it("a sign-up expired cancels the links sent before it expired, not one an agent sent afterwards, whatever the arrival order", async () => {
    const signUp = await platformSignUp();
    const before = await link({ signUpId: signUp.id }, signUp.email, minutesAgo(30));
    const after = await link({ signUpId: signUp.id }, signUp.email, minutesAgo(5));
    // The expiry happened 20 minutes ago and arrives only now, after the agent's resend.
    await ingest(buildEvent("signup.expired", { signup_id: signUp.externalId }, { time: minutesAgo(20) }));
    expect((await stored(before)).cancelReason).toBe("SIGNUP_EXPIRED");
    expect(codeOf(await redeem(before))).toBe("SIGNUP_EXPIRED");
    expect((await stored(after)).cancelReason).toBeNull();
    expect((await redeem(after)).status).toBe(200);
  });
});
