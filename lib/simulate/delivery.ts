// What an at-least-once sender does to a stream on its way: some events are delivered
// twice (a retry after a timeout that had in fact succeeded), some arrive a few batches
// late, and a batch is not in time order. The console must end up as if each event had
// arrived once, in order.
import type { Random } from "./random";

export interface DeliveryOptions {
  /** Share of events sent again in a later batch. */
  duplicateRate?: number;
  /** Share of events held back for one to three batches. */
  delayRate?: number;
}

export class UnreliableDelivery<E> {
  private held: { event: E; batchesLeft: number }[] = [];
  private recent: E[] = [];
  private readonly duplicateRate: number;
  private readonly delayRate: number;

  constructor(
    private readonly random: Random,
    options: DeliveryOptions = {},
  ) {
    this.duplicateRate = options.duplicateRate ?? 0.02;
    this.delayRate = options.delayRate ?? 0.03;
  }

  /** The batch to send now, given the events that just happened. */
  schedule(fresh: readonly E[]): E[] {
    const batch: E[] = [];
    const stillHeld: typeof this.held = [];
    for (const item of this.held) {
      if (--item.batchesLeft <= 0) batch.push(item.event);
      else stillHeld.push(item);
    }
    this.held = stillHeld;
    for (const event of fresh) {
      if (this.random.chance(this.delayRate)) this.held.push({ event, batchesLeft: this.random.int(1, 3) });
      else batch.push(event);
    }
    for (const event of this.recent) if (this.random.chance(this.duplicateRate)) batch.push(event);
    this.recent = fresh.slice(-500);
    // Fisher-Yates: a batch is a bag, not a sequence.
    for (let i = batch.length - 1; i > 0; i--) {
      const j = this.random.int(0, i);
      [batch[i], batch[j]] = [batch[j] as E, batch[i] as E];
    }
    return batch;
  }

  /** Whatever is still held back (sent at the end of a run so nothing is lost). */
  drain(): E[] {
    const rest = this.held.map((h) => h.event);
    this.held = [];
    return rest;
  }
}
