// The seed's deterministic randomness: the shared generator (lib/random/seeded.ts) and
// the small draws scenarios make from it (numbers, picks, tokens, documentation IPs).
import { mulberry32 } from "@/lib/random/seeded";

/** mulberry32 (lib/random/seeded.ts): the same sequence as the simulator's for a seed. */
export const createRng: (seed: number) => () => number = mulberry32;
export function hashString(value: string): number {
  let h = 2166136261;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export type Rng = () => number;

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function token(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(rng() * ALNUM.length)] ?? "x";
  return out;
}

// Documentation address ranges (RFC 5737) so no seed IP is anybody's real address.
export function officeIp(rng: Rng): string {
  return `203.0.113.${int(rng, 1, 254)}`;
}
export function serverIp(rng: Rng): string {
  return `198.51.100.${int(rng, 1, 254)}`;
}
export function strangerIp(rng: Rng): string {
  return `192.0.2.${int(rng, 1, 254)}`;
}
