import { describe, expect, it } from "vitest";
import { exponentialBackoff } from "./backoff";

describe("exponentialBackoff", () => {
  it("doubles from the base and stops at the cap", () => {
    const backoff = exponentialBackoff({ baseMs: 1000, maxMs: 10_000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6, 50].map(backoff)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it("jitter only ever shortens the delay, by at most the fraction", () => {
    const low = exponentialBackoff({ baseMs: 1000, jitter: 0.5, random: () => 0.999999 });
    const high = exponentialBackoff({ baseMs: 1000, jitter: 0.5, random: () => 0 });
    expect(low(3)).toBe(2000);
    expect(high(3)).toBe(4000);
    const real = exponentialBackoff({ baseMs: 1000, jitter: 0.25 });
    for (let i = 0; i < 100; i++) {
      const d = real(2);
      expect(d).toBeGreaterThanOrEqual(1500);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});
