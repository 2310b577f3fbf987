// npm run simulate -- [--rate 200] [--url http://127.0.0.1:3000] [--token cs_… | --token-file F]
//                     [--duration 60] [--seed 1] [--duplicates 0.02] [--late 0.03]
//
// A platform simulator: sends a realistic live stream of customer events to the
// console's ingest API (sign-ups and confirmations, failures that become lockouts,
// teammates changing the shared password, keys revoked, invoices unpaid, now and then a
// ban), with duplicates and late, reordered delivery mixed in on purpose. Without
// --token it uses the embedded demo's `demo-platform` token file. Ctrl-C stops it after
// sending what is held back.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_DIR } from "@/lib/db/runtime";
import { UnreliableDelivery } from "@/lib/simulate/delivery";
import { seededRandom } from "@/lib/simulate/random";
import { sendBatch, type BatchReply } from "@/lib/simulate/sender";
import { SimulatedPlatform, type SimEvent } from "@/lib/simulate/world";
import { failWith, percentile, positiveOption } from "./bench-support";

const USAGE = "usage: npm run simulate -- [--rate 200] [--url http://127.0.0.1:3000] [--token cs_… | --token-file F] [--duration S] [--seed N]";
const fail: (message: string) => never = failWith("simulate", USAGE);
const { values: args } = parseArgs({
  options: {
    rate: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
    "token-file": { type: "string" },
    duration: { type: "string" },
    seed: { type: "string" },
    duplicates: { type: "string" },
    late: { type: "string" },
    quiet: { type: "boolean" },
  },
  strict: true,
});

const rate = positiveOption(fail, "rate", args.rate, 200);
const durationS = args.duration === undefined ? Number.POSITIVE_INFINITY : positiveOption(fail, "duration", args.duration, 60);
const seed = positiveOption(fail, "seed", args.seed, Date.now() % 1_000_000);
const share = (name: string, value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!(n >= 0 && n < 1)) fail(`--${name} must be a share between 0 and 1, got "${value}"`);
  return n;
};
const base = (args.url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
const tokenFile = args["token-file"] ?? path.join(DEFAULT_DATA_DIR, "demo-platform.token");
const token = args.token ?? process.env.CONSOLE_SOURCE_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : "");
if (!token) fail(`no token: pass --token, set CONSOLE_SOURCE_TOKEN, or start the embedded console once so ${tokenFile} exists`);

const TICK_MS = 500;
const MAX_BATCH = 1000;
const runId = seed.toString(36);
const world = new SimulatedPlatform({ random: seededRandom(seed), runId, initialAccounts: 20 });
const delivery = new UnreliableDelivery<SimEvent>(seededRandom(seed + 1), {
  duplicateRate: share("duplicates", args.duplicates, 0.02),
  delayRate: share("late", args.late, 0.03),
});
const endpoint = `${base}/api/ingest/v1/events`;

const totals = { sent: 0, accepted: 0, duplicate: 0, rejected: 0, retries: 0, refused: 0 };
const latencies: number[] = [];
const reasons = new Map<string, number>();
let stopping = false;
process.on("SIGINT", () => (stopping = true));
process.on("SIGTERM", () => (stopping = true));

async function send(events: SimEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += MAX_BATCH) {
    const chunk = events.slice(i, i + MAX_BATCH);
    let reply: BatchReply;
    try {
      reply = await sendBatch(chunk, { url: endpoint, token });
    } catch (error) {
      console.error(`[simulate] cannot reach ${endpoint}: ${error instanceof Error ? error.message : String(error)}`);
      totals.refused += chunk.length;
      continue;
    }
    totals.sent += chunk.length;
    totals.retries += reply.retries;
    latencies.push(reply.ms);
    if (reply.status === 401 || reply.status === 403) {
      console.error(`[simulate] the console refused the token (${reply.status}): ${reply.error ?? ""}`);
      process.exit(1);
    }
    if (reply.status >= 400) {
      totals.refused += chunk.length;
      console.error(`[simulate] batch refused with ${reply.status}: ${reply.error ?? ""}`);
      continue;
    }
    for (const result of reply.results) {
      totals[result.status]++;
      if (result.status === "rejected") reasons.set(result.reason ?? "?", (reasons.get(result.reason ?? "?") ?? 0) + 1);
    }
  }
}

function report(): void {
  if (args.quiet) return;
  const sorted = [...latencies].sort((a, b) => a - b);
  latencies.length = 0;
  console.log(
    `[simulate] sent ${totals.sent} · accepted ${totals.accepted} · duplicate ${totals.duplicate} · rejected ${totals.rejected} · retries ${totals.retries}` +
      (sorted.length ? ` · batch p50 ${percentile(sorted, 50).toFixed(0)} ms p95 ${percentile(sorted, 95).toFixed(0)} ms` : ""),
  );
  for (const [reason, n] of [...reasons].slice(0, 3)) console.log(`[simulate]   rejected ×${n}: ${reason}`);
}

console.log(`[simulate] ${rate} events/s to ${endpoint} (seed ${seed}; ids sim-${runId}-…; Ctrl-C stops)`);
const began = Date.now();
let lastReport = began;
let carry = 0;
while (!stopping && Date.now() - began < durationS * 1000) {
  const tickStart = Date.now();
  carry += (rate * TICK_MS) / 1000;
  const count = Math.floor(carry);
  carry -= count;
  if (count > 0) await send(delivery.schedule(world.tick(count, tickStart)));
  if (Date.now() - lastReport >= 5000) {
    report();
    lastReport = Date.now();
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, TICK_MS - (Date.now() - tickStart))));
}
await send(delivery.drain());
report();
console.log(`[simulate] stopped after ${((Date.now() - began) / 1000).toFixed(0)} s`);
