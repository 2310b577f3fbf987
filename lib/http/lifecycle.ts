// The web server's lifecycle as the rest of the console sees it: whether this instance is
// draining (SIGTERM received: readiness answers 503 so the load balancer stops sending
// new requests), and the long-lived responses (Watch live streams) to end when it does.
// On globalThis: scripts/serve.ts sets it, route handlers in Next's bundles read it.
//
// Not server-only: scripts/serve.ts runs this in plain Node.

type Ender = () => void;
const state = globalThis as unknown as { consoleDraining?: boolean; consoleEnders?: Set<Ender> };

export function isDraining(): boolean {
  return state.consoleDraining === true;
}

/** How long a browser waits before reconnecting a stream ended by a shutdown (SSE `retry:`). */
export const SHUTDOWN_RETRY_MS = 2_000;

/**
 * Registers a long-lived response to end when the instance starts draining (at once if it
 * already is). Returns the unregistration, to call when the response ends by itself.
 */
export function onDrain(end: Ender): () => void {
  const enders = (state.consoleEnders ??= new Set());
  if (isDraining()) {
    end();
    return () => undefined;
  }
  enders.add(end);
  return () => enders.delete(end);
}

/** Turns the instance unready and ends every registered long-lived response. */
export function startDraining(): number {
  state.consoleDraining = true;
  const enders = [...(state.consoleEnders ?? [])];
  state.consoleEnders?.clear();
  for (const end of enders) end();
  return enders.length;
}
