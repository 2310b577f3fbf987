// How many Watch live streams may be open at once. Each stream polls the database every
// WATCH_POLL_MS on this instance's small pool (10 connections), so streams without limit
// starve every page: 400 streams from one agent took another user's account page from
// 90 ms to 1.7 s. Two caps, counted in this process (each web instance has its own pool,
// so its own budget):
//   - per staff user: 3 (an agent watching a customer or two, in a tab or two),
//   - per instance: WATCH_LIVE_MAX_STREAMS (default 50, about 100 polls a second).
// A stream counts from when it is accepted until it ends (client gone, session over,
// access lost). A refusal is a 429 whose message the Watch live card shows.
import { config, type Config } from "@/lib/config";

export const MAX_STREAMS_PER_STAFF = 3;
export const DEFAULT_MAX_STREAMS_PER_INSTANCE = 50;

/** WATCH_LIVE_MAX_STREAMS: streams this instance serves at once (lib/config.ts: 1 to 100000, default 50). */
export function maxStreamsPerInstance(c: Config = config()): number {
  return c.WATCH_LIVE_MAX_STREAMS;
}

export type StreamSlot = { ok: true; release: () => void } | { ok: false; message: string };

export class StreamLimiter {
  private readonly perStaff = new Map<string, number>();
  private total = 0;

  constructor(private readonly maxPerInstance: () => number = () => maxStreamsPerInstance()) {}

  /** A slot for one stream of this staff user, or why not. Release it exactly once (extra calls do nothing). */
  acquire(staffId: string): StreamSlot {
    const mine = this.perStaff.get(staffId) ?? 0;
    if (mine >= MAX_STREAMS_PER_STAFF) {
      return {
        ok: false,
        message: `You are already watching live in ${MAX_STREAMS_PER_STAFF} places (tabs or accounts). Stop one of them, then try again.`,
      };
    }
    if (this.total >= this.maxPerInstance()) {
      return { ok: false, message: "Watch live is at capacity on this server right now. Try again in a minute." };
    }
    this.perStaff.set(staffId, mine + 1);
    this.total++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perStaff.get(staffId) ?? 1) - 1;
        if (left > 0) this.perStaff.set(staffId, left);
        else this.perStaff.delete(staffId);
      },
    };
  }

  /** Open streams: this staff user's, or all of them. */
  open(staffId?: string): number {
    return staffId === undefined ? this.total : (this.perStaff.get(staffId) ?? 0);
  }
}

// One per process, also across Next's module reloads in development.
const shared = globalThis as unknown as { watchLiveStreams?: StreamLimiter };
export function watchLiveStreams(): StreamLimiter {
  shared.watchLiveStreams ??= new StreamLimiter();
  return shared.watchLiveStreams;
}
