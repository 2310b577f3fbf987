// A worker told to stop mid-round (SIGTERM: scripts/worker.ts calls stop()) against a real
// SMTP sink: the email already handed to the relay is finished and recorded SENT, the
// claimed ones not yet sent are released to the next worker, and after a second worker
// runs, every email was delivered exactly once.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { metrics } from "@/lib/metrics/metrics";
import { createDispatcher } from "./dispatcher";
import { createSmtpTransport, type EmailTransport } from "./transport";

process.env.OUTBOX_SECRET = "dispatcher-shutdown-test-secret";

let t: TestDatabase;
let sink: SMTPServer;
let sinkUrl = "";
/** Outbox ids of the messages the sink accepted, one entry per delivery. */
const delivered: number[] = [];
/** The sink holds the first message's answer until this is called. */
let releaseFirst = () => {};
const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
let firstArrived = () => {};
const firstArrival = new Promise<void>((resolve) => (firstArrived = resolve));
const transports: EmailTransport[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const id = Number(/X-Outbox-Id: (\d+)/i.exec(Buffer.concat(chunks).toString("utf8"))?.[1]);
        const accept = () => {
          delivered.push(id);
          callback();
        };
        if (delivered.length === 0 && !firstSeen) {
          firstSeen = true;
          firstArrived();
          void firstHeld.then(accept);
        } else {
          accept();
        }
      });
    },
  });
  let firstSeen = false;
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  sinkUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const transport of transports) transport.close?.();
  await new Promise<void>((resolve) => sink?.close(() => resolve()));
  await t?.drop();
});

function transport(): EmailTransport {
  const created = createSmtpTransport(sinkUrl, { timeoutMs: 10_000 });
  transports.push(created);
  return created;
}

describe("stopping a dispatcher mid-round", () => {
  it("finishes the send in flight, releases the claimed rest unsent, and the next worker sends each once", async () => {
    const staff = await t.db.staffUser.create({ data: { email: "agent@shutdown.test", name: "Agent", role: "AGENT" } });
    const rows = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t.db.emailOutbox.create({
          data: {
            kind: "USERNAME_RECOVERY",
            recipient: `user${i}@customer.test`,
            payload: { kind: "USERNAME_RECOVERY", username: `user${i}` },
            requestedById: staff.id,
            idempotencyKey: `shutdown-${i}`,
          },
        }),
      ),
    );
    const before = (await metrics().outboxSends.get()).values.find((v) => v.labels.result === "released")?.value ?? 0;

    // One send at a time: the first is held by the relay while the worker is told to stop.
    const first = createDispatcher({ db: t.db, transport: transport(), workerId: "stopping", batchSize: 10, sendConcurrency: 1, pollIntervalMs: 50 });
    first.start();
    await firstArrival;
    const stopped = first.stop();
    releaseFirst();
    await stopped;

    const afterStop = await t.db.emailOutbox.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, attempts: true, claimedAt: true } });
    expect(afterStop.filter((r) => r.status === "SENT")).toHaveLength(1);
    // Released: queued again, the attempt not counted, no claim left to wait out.
    expect(afterStop.filter((r) => r.status === "QUEUED")).toEqual(
      expect.arrayContaining(afterStop.filter((r) => r.status !== "SENT").map((r) => ({ ...r, status: "QUEUED", attempts: 0, claimedAt: null }))),
    );
    expect(afterStop.filter((r) => r.status === "QUEUED")).toHaveLength(3);
    expect(delivered).toHaveLength(1);
    const after = (await metrics().outboxSends.get()).values.find((v) => v.labels.result === "released")?.value ?? 0;
    expect(after - before).toBe(3);

    // The next worker picks the released rows up at once (no lease to wait for).
    const next = createDispatcher({ db: t.db, transport: transport(), workerId: "next", batchSize: 10 });
    expect(await next.runOnce()).toMatchObject({ claimed: 3, sent: 3 });
    expect([...delivered].sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    expect(await t.db.emailOutbox.count({ where: { status: "SENT" } })).toBe(4);
  });
});
