// The load of `npm run bench:scale-out` (./bench-scale-out.ts): `concurrency` clients in a
// loop for `duration` seconds, each request to the next web instance in turn, in a fixed
// mix of 7 account page views, 2 ingest batches and 1 username reminder out of 10:
//   view     GET /accounts/<id> as the signed-in agent, read to the end (so it is audited)
//   ingest   POST /api/ingest/v1/events, 10 events (5 new accounts, a login attempt each)
//   send     the username reminder's server action, over HTTP as the browser calls it
//            (Next-Action header with the action's id from the build's manifest)
// A request fails when its status or its answer is not what the browser would accept.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { percentile } from "./bench-support";

/** The id Next gave a server action in this build (the Next-Action header's value). */
export function actionId(root: string, exportedName: string): string {
  const file = path.join(root, ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node?: Record<string, { exportedName?: string }> };
  const ids = Object.entries(manifest.node ?? {}).filter(([, entry]) => entry.exportedName === exportedName);
  if (ids.length !== 1) throw new Error(`${exportedName}: ${ids.length} server actions of that name in ${file} (run \`npm run build\`)`);
  return ids[0]![0];
}

export interface LoadOptions {
  bases: string[];
  cookie: string;
  action: string;
  accounts: number[];
  sourceToken: string;
  /** The ticket reference every reminder carries, to find this phase's emails. */
  ticket: string;
  duration: number;
  concurrency: number;
}

export interface PhaseFigures {
  requestsPerSecond: number;
  views: number;
  batches: number;
  sends: number;
  errors: number;
  firstError: string | null;
  viewP50: number;
  viewP95: number;
  ingestP95: number;
  sendP95: number;
  /** Account pages answered in full, per account. */
  viewsPerAccount: Map<number, number>;
}

const MIX = ["view", "view", "ingest", "view", "send", "view", "view", "ingest", "view", "view"] as const;
type Kind = (typeof MIX)[number];

function events(): unknown[] {
  const time = new Date().toISOString();
  return Array.from({ length: 5 }, () => {
    const id = `acct_scale_${randomUUID()}`;
    const username = `scale-${id.slice(-12)}`;
    const envelope = (type: string, data: Record<string, unknown>) => ({ specversion: "1.0", id: randomUUID(), source: "/bench-scale-out", type, time, data });
    return [
      envelope("account.created", { account_id: id, username, email: `${username}@scale.example` }),
      envelope("login.attempted", { account_id: id, channel: "web", outcome: "success", username_tried: username, ip: "203.0.113.9" }),
    ];
  }).flat();
}

export async function loadGenerator(options: LoadOptions): Promise<PhaseFigures> {
  const latencies: Record<Kind, number[]> = { view: [], ingest: [], send: [] };
  const viewsPerAccount = new Map<number, number>();
  let errors = 0;
  let firstError: string | null = null;
  let turn = 0;
  const failed = (what: string) => {
    errors++;
    firstError ??= what;
  };

  async function once(kind: Kind, base: string): Promise<void> {
    const accountId = options.accounts[Math.floor(Math.random() * options.accounts.length)]!;
    const started = performance.now();
    if (kind === "view") {
      const response = await fetch(`${base}/accounts/${accountId}`, { headers: { cookie: options.cookie } });
      const body = await response.text();
      if (response.status !== 200 || !body.includes('data-testid="signed-in-as"')) return failed(`view ${response.status}`);
      viewsPerAccount.set(accountId, (viewsPerAccount.get(accountId) ?? 0) + 1);
    } else if (kind === "ingest") {
      const sent = events();
      const response = await fetch(`${base}/api/ingest/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.sourceToken}`, "content-type": "application/cloudevents-batch+json" },
        body: JSON.stringify(sent),
      });
      const body = (await response.json().catch(() => ({}))) as { accepted?: number };
      if (response.status !== 200 || body.accepted !== sent.length) return failed(`ingest ${response.status} ${JSON.stringify(body).slice(0, 120)}`);
    } else {
      const input = { accountId, ticketRef: options.ticket, idempotencyKey: randomUUID(), confirm: true };
      const response = await fetch(`${base}/accounts/${accountId}`, {
        method: "POST",
        headers: {
          cookie: options.cookie,
          "next-action": options.action,
          accept: "text/x-component",
          "content-type": "text/plain;charset=UTF-8",
          origin: base,
        },
        body: JSON.stringify([input]),
      });
      const body = await response.text();
      if (response.status !== 200 || !body.includes('"ok":true')) return failed(`send ${response.status} ${body.slice(0, 160)}`);
    }
    latencies[kind].push(performance.now() - started);
  }

  const started = performance.now();
  const deadline = started + options.duration * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const n = turn++;
        const kind = MIX[n % MIX.length]!;
        // The instance alternates within the mix too, so each kind reaches every instance.
        await once(kind, options.bases[(n + Math.floor(n / MIX.length)) % options.bases.length]!).catch((error: unknown) =>
          failed(`${kind}: ${String(error)}`),
        );
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = (kind: Kind) => [...latencies[kind]].sort((a, b) => a - b);
  return {
    requestsPerSecond: (latencies.view.length + latencies.ingest.length + latencies.send.length) / elapsed,
    views: latencies.view.length,
    batches: latencies.ingest.length,
    sends: latencies.send.length,
    errors,
    firstError,
    viewP50: percentile(sorted("view"), 50),
    viewP95: percentile(sorted("view"), 95),
    ingestP95: percentile(sorted("ingest"), 95),
    sendP95: percentile(sorted("send"), 95),
    viewsPerAccount,
  };
}
