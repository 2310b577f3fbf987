// Posts batches to the console's ingest endpoint the way a well-behaved platform sender
// does (Auth0 log streams, Okta event hooks): a retry on a network error or a 5xx with
// backoff, Retry-After honoured on 429, and a 4xx other than 429 never retried (the
// request itself is wrong; sending it again cannot help).

export interface EventOutcome {
  id?: string | null;
  status: "accepted" | "duplicate" | "rejected";
  reason?: string;
}

export interface BatchReply {
  status: number;
  results: EventOutcome[];
  /** The whole request's error, when it was refused as a whole. */
  error?: string;
  ms: number;
  retries: number;
}

export interface SenderOptions {
  url: string;
  token: string;
  maxRetries?: number;
  timeoutMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readResults(body: unknown): EventOutcome[] {
  if (typeof body !== "object" || body === null) return [];
  const results = (body as { results?: unknown }).results;
  return Array.isArray(results) ? (results as EventOutcome[]) : [];
}

export async function sendBatch(events: readonly unknown[], options: SenderOptions): Promise<BatchReply> {
  const sleep = options.sleep ?? pause;
  const maxRetries = options.maxRetries ?? 5;
  const body = JSON.stringify(events);
  let retries = 0;
  for (;;) {
    const started = performance.now();
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/cloudevents-batch+json", authorization: `Bearer ${options.token}` },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const ms = performance.now() - started;
      const json: unknown = await response.json().catch(() => null);
      if (response.status === 429 && retries < maxRetries) {
        retries++;
        await sleep(Math.min(30, Number(response.headers.get("retry-after")) || 1) * 1000);
        continue;
      }
      if (response.status >= 500 && retries < maxRetries) {
        retries++;
        await sleep(Math.min(10_000, 250 * 2 ** retries));
        continue;
      }
      const error =
        typeof json === "object" && json !== null && typeof (json as { error?: unknown }).error === "string" ? (json as { error: string }).error : undefined;
      return { status: response.status, results: readResults(json), ...(error ? { error } : {}), ms, retries };
    } catch (error) {
      if (retries >= maxRetries) throw error;
      retries++;
      await sleep(Math.min(10_000, 250 * 2 ** retries));
    }
  }
}
