// The one seeded random generator (mulberry32) behind the demo seed, the scale seed, the
// platform simulator and the benchmarks' samples: tiny, fast, and the same sequence for
// the same seed on every machine, so seeded data and simulator runs replay exactly.
// Not for anything secret (tokens use node:crypto).

/** A generator of numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
