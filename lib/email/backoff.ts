// Retry delays: exponential in the attempt number, capped, with jitter so that rows that
// failed together (the relay went down) do not all come back in the same second.
export type Backoff = (attempts: number) => number;

export interface BackoffOptions {
  /** Delay after the first failed attempt (default 30 s). */
  baseMs?: number;
  /** Upper bound (default 1 h). */
  maxMs?: number;
  /** Fraction of the delay drawn at random, 0..1 (default 0.25: between 75% and 100%). */
  jitter?: number;
  random?: () => number;
}

export function exponentialBackoff(options: BackoffOptions = {}): Backoff {
  const base = options.baseMs ?? 30_000;
  const max = options.maxMs ?? 3_600_000;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.25));
  const random = options.random ?? Math.random;
  return (attempts) => {
    const exponent = Math.max(0, attempts - 1);
    const delay = Math.min(max, base * 2 ** Math.min(exponent, 30));
    return Math.round(delay * (1 - jitter * random()));
  };
}
