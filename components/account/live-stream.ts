// Watch live's connection, with fetch rather than EventSource: EventSource hides a
// refused response (its status and body), so the card could only say "could not
// connect" when the server said why (429: you already watch in 3 places). This keeps
// what EventSource gave: it reconnects after a dropped connection with the last event's
// id (Last-Event-ID), so the session resumes without a second audit entry.

export interface LiveEvent {
  id: string | null;
  event: string;
  data: string;
}

export type LiveStreamEnd =
  /** The server answered but not with a stream: `message` is its text for a 429, else null. */
  | { kind: "refused"; status: number; message: string | null }
  /** The caller stopped it (abort), or a handler said the stream is over. */
  | { kind: "stopped" };

/** Splits server-sent events out of text as it arrives; returns what is left of an unfinished event. */
export function parseEvents(buffer: string, onEvent: (event: LiveEvent) => void): string {
  const text = buffer.replace(/\r\n?/g, "\n");
  let start = 0;
  for (;;) {
    const end = text.indexOf("\n\n", start);
    if (end < 0) return text.slice(start);
    const block = text.slice(start, end);
    start = end + 2;
    let id: string | null = null;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") id = value;
      else if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length) onEvent({ id, event, data: data.join("\n") });
  }
}

const RETRY_MS = 1_000;
/** A refusal's message is short; anything longer is not ours to show. */
const MAX_MESSAGE = 300;

/**
 * Opens `url` and calls `onEvent` for each event until `signal` aborts, `onEvent` returns
 * "stop", or the server refuses (then `onEnd`). `onReconnecting` runs before each retry
 * after a dropped connection.
 */
export function openLiveStream(
  url: string,
  signal: AbortSignal,
  handlers: { onEvent: (event: LiveEvent) => "stop" | void; onReconnecting: () => void; onEnd: (end: LiveStreamEnd) => void },
): void {
  let lastEventId: string | null = null;
  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const run = async (): Promise<LiveStreamEnd> => {
    for (;;) {
      let stopped = false;
      try {
        const response = await fetch(url, {
          headers: { accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
          cache: "no-store",
          // A signed-out user is redirected to the sign-in page: that is a refusal, not a stream.
          redirect: "manual",
          signal,
        });
        if (!response.ok || !response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
          const message = response.status === 429 ? (await response.text()).slice(0, MAX_MESSAGE) : null;
          return { kind: "refused", status: response.status, message };
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          buffer = parseEvents(buffer + chunk.value, (event) => {
            if (stopped) return;
            if (event.id) lastEventId = event.id;
            if (handlers.onEvent(event) === "stop") stopped = true;
          });
          if (stopped) {
            await reader.cancel();
            return { kind: "stopped" };
          }
        }
      } catch {
        // Aborted, or the network dropped: the check below tells which.
      }
      if (signal.aborted) return { kind: "stopped" };
      handlers.onReconnecting();
      await wait(RETRY_MS);
      if (signal.aborted) return { kind: "stopped" };
    }
  };
  void run().then((end) => {
    if (!signal.aborted) handlers.onEnd(end);
  });
}
