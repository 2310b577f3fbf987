// npm run bench:outbox: how fast the outbox drains, and what enqueuing costs.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_outbox npm run bench:outbox
// (a migrated PostgreSQL database you can spare: the script adds rows to it).
//  1. enqueues BENCH_EMAILS (10,000) emails, drains them through one dispatcher into a
//     local SMTP sink that only counts, then re-queues them and drains through two
//     dispatchers at once (separate connection pools, as two workers would be);
//  2. times the enqueue: a plain INSERT of an outbox row against what the reset action
//     does (Prisma transaction: outbox row + token row + audit row).
import type { AddressInfo } from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { seedAccount } from "@/prisma/seed/factories";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createDispatcher } from "@/lib/email/dispatcher";
import { hashToken, newResetToken, sealToken } from "@/lib/email/token";
import { createSmtpTransport, type EmailTransport } from "@/lib/email/transport";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL must name a migrated PostgreSQL database (see the comment at the top)");
  process.exit(2);
}
process.env.OUTBOX_SECRET ??= "bench-outbox-secret";
const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
const ENQUEUE_OPS = Number(process.env.BENCH_ENQUEUE_OPS ?? 1000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const CONNECTIONS = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 10);
const KEY = "bench-outbox-";

// The dispatcher logs one JSON line per email; 10,000 lines to a terminal would measure
// the terminal. Results are printed with process.stdout.write instead.
const quietLog = console.log;
const out = (line: string) => process.stdout.write(`${line}\n`);

async function startSink(): Promise<{ url: string; count: () => number; stop: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function drain(dispatchers: ReturnType<typeof createDispatcher>[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    dispatchers.map(async (d) => {
      while ((await d.runOnce()).claimed > 0) {
        // keep going until this worker finds nothing due
      }
    }),
  );
  return performance.now() - started;
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const setupDb = createPrismaClient(url!, { max: 2 });
  const staff = await setupDb.staffUser.upsert({
    where: { email: "bench@outbox.bench" },
    create: { email: "bench@outbox.bench", name: "Outbox bench", role: "AGENT" },
    update: {},
  });
  const existing = await setupDb.account.findFirst({ where: { usernameLower: "bench-outbox" }, select: { id: true } });
  const accountId =
    existing?.id ?? (await seedAccount(setupDb, { scenario: "healthy", now: new Date(), username: "bench-outbox", historyMonths: 1 })).accountId!;

  // Start from nothing of ours, so the dispatchers see exactly the rows enqueued here.
  await admin.query(`DELETE FROM password_reset_tokens WHERE outbox_id IN (SELECT id FROM email_outbox WHERE idempotency_key LIKE $1)`, [`${KEY}%`]);
  await admin.query(`DELETE FROM email_outbox WHERE idempotency_key LIKE $1`, [`${KEY}%`]);
  const others = await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM email_outbox WHERE status IN ('QUEUED','SENDING')`);
  if (others.rows[0]?.n !== "0") throw new Error("this database has other queued emails: use a database of its own for the bench");

  let started = performance.now();
  await admin.query(
    `INSERT INTO email_outbox (kind, recipient, payload, requested_by_id, idempotency_key)
     SELECT 'USERNAME_RECOVERY', 'user' || i || '@bench.test', jsonb_build_object('kind', 'USERNAME_RECOVERY', 'username', 'user' || i), $1, $2 || i
       FROM generate_series(1, $3::int) AS i`,
    [staff.id, KEY, EMAILS],
  );
  out(`enqueued ${EMAILS} emails in one INSERT ... SELECT: ${(performance.now() - started).toFixed(0)} ms`);

  const sink = await startSink();
  const transports: EmailTransport[] = [];
  const clients: Db[] = [];
  const worker = (i: number) => {
    const db = createPrismaClient(url!, { max: 2 });
    const transport = createSmtpTransport(sink.url, { maxConnections: CONNECTIONS });
    clients.push(db);
    transports.push(transport);
    return createDispatcher({ db, transport, workerId: `bench-${i}`, batchSize: BATCH, backoff: () => 0 });
  };

  console.log = () => {};
  let one: number;
  let two: number;
  let sentAfterOne: number;
  try {
    one = await drain([worker(0)]);
    sentAfterOne = sink.count();
    await admin.query(
      `UPDATE email_outbox SET status = 'QUEUED', attempts = 0, message_id = NULL, sent_at = NULL, claimed_at = NULL, next_attempt_at = now()
        WHERE idempotency_key LIKE $1`,
      [`${KEY}%`],
    );
    two = await drain([worker(1), worker(2)]);
  } finally {
    console.log = quietLog;
  }
  const sentRows = await admin.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM email_outbox WHERE idempotency_key LIKE $1 AND status = 'SENT' AND attempts = 1`,
    [`${KEY}%`],
  );
  out(`batch ${BATCH}, ${CONNECTIONS} SMTP connections per dispatcher`);
  out(`1 dispatcher : ${EMAILS} emails in ${(one / 1000).toFixed(2)} s = ${((EMAILS / one) * 1000).toFixed(0)} emails/s (sink received ${sentAfterOne})`);
  out(
    `2 dispatchers: ${EMAILS} emails in ${(two / 1000).toFixed(2)} s = ${((EMAILS / two) * 1000).toFixed(0)} emails/s (sink received ${sink.count() - sentAfterOne})`,
  );
  out(`rows SENT on their first attempt after the second drain: ${sentRows.rows[0]?.n}/${EMAILS}`);
  for (const t of transports) t.close?.();
  await sink.stop();
  await Promise.all(clients.map((c) => c.$disconnect()));

  // Enqueue cost, one row per operation.
  started = performance.now();
  for (let i = 0; i < ENQUEUE_OPS; i++) {
    await admin.query(
      `INSERT INTO email_outbox (kind, recipient, payload, requested_by_id, idempotency_key, status)
       VALUES ('USERNAME_RECOVERY', $1, $2, $3, $4, 'SENT')`,
      [`plain${i}@bench.test`, JSON.stringify({ kind: "USERNAME_RECOVERY", username: `plain${i}` }), staff.id, `${KEY}plain-${Date.now()}-${i}`],
    );
  }
  const plain = (performance.now() - started) / ENQUEUE_OPS;

  const db = createPrismaClient(url!, { max: 4 });
  started = performance.now();
  for (let i = 0; i < ENQUEUE_OPS; i++) {
    const raw = newResetToken();
    const expiresAt = new Date(Date.now() + 3_600_000);
    await db.$transaction(async (tx) => {
      // Written as SENT so that no dispatcher picks these up.
      const row = await tx.emailOutbox.create({
        data: {
          kind: "PASSWORD_RESET",
          status: "SENT",
          recipient: `reset${i}@bench.test`,
          accountId,
          payload: { kind: "PASSWORD_RESET", username: "bench-outbox", sealedToken: sealToken(raw), expiresAt: expiresAt.toISOString() },
          requestedById: staff.id,
          idempotencyKey: `${KEY}action-${Date.now()}-${i}`,
        },
      });
      await tx.passwordResetToken.create({ data: { accountId, tokenHash: hashToken(raw), expiresAt, outboxId: row.id, requestedById: staff.id } });
      await tx.auditEntry.create({
        data: {
          actorId: staff.id,
          actorEmail: staff.email,
          action: "recovery.send_password_reset",
          outcome: "DONE",
          targetAccountId: accountId,
          ticketRef: "BENCH-1",
        },
      });
    });
  }
  const action = (performance.now() - started) / ENQUEUE_OPS;
  out(
    `enqueue, ${ENQUEUE_OPS} ops each: plain INSERT ${plain.toFixed(2)} ms/op; Prisma transaction (outbox + token + audit) ${action.toFixed(2)} ms/op; ratio ${(action / plain).toFixed(1)}x`,
  );

  await db.$disconnect();
  await setupDb.$disconnect();
  await admin.end();
}

await main();
