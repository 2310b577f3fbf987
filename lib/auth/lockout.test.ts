import { describe, expect, it } from "vitest";
import { DEFAULT_LOCKOUT, lockedUntil } from "./lockout";

const now = new Date("2026-11-27T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const times = (n: number, everyMinutes = 1) => Array.from({ length: n }, (_, i) => minutesAgo(i * everyMinutes));

describe("console sign-in lockout", () => {
  it("allows sign-in below the per-email limit", () => {
    expect(lockedUntil({ email: times(4), ip: times(4) }, now)).toBeNull();
  });

  it("locks an email for 15 minutes after its fifth failure within 15 minutes", () => {
    expect(lockedUntil({ email: times(5), ip: times(5) }, now)).toEqual(new Date(now.getTime() + DEFAULT_LOCKOUT.lockMs));
  });

  it("locks a staff user after five failures against them, whatever emails were typed", () => {
    expect(lockedUntil({ email: times(1), user: times(5), ip: [] }, now)).toEqual(new Date(now.getTime() + DEFAULT_LOCKOUT.lockMs));
    expect(lockedUntil({ email: times(1), user: times(4), ip: [] }, now)).toBeNull();
  });

  it("does not count failures older than the window", () => {
    // Five failures spread over 20 minutes: only four are inside the window.
    expect(lockedUntil({ email: times(5, 5), ip: [] }, now)).toBeNull();
  });

  it("lets the lock expire", () => {
    // Five failures, the latest 10 minutes ago: locked for 5 more minutes.
    const old = [10, 11, 12, 13, 14].map(minutesAgo);
    const until = new Date(minutesAgo(10).getTime() + DEFAULT_LOCKOUT.lockMs);
    expect(lockedUntil({ email: old, ip: [] }, now)).toEqual(until);
    expect(lockedUntil({ email: old, ip: [] }, new Date(until.getTime() + 1))).toBeNull();
  });

  it("locks an IP that guesses across many emails", () => {
    // Twenty failures in ten minutes, each with a different email.
    expect(lockedUntil({ email: [], ip: times(19, 0.5) }, now)).toBeNull();
    expect(lockedUntil({ email: [], ip: times(20, 0.5) }, now)).not.toBeNull();
  });
});
