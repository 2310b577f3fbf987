import { describe, expect, it } from "vitest";
import { configFrom } from "@/lib/config";
import { DEFAULT_MAX_STREAMS_PER_INSTANCE, maxStreamsPerInstance, MAX_STREAMS_PER_STAFF, StreamLimiter } from "./stream-limits";

describe("maxStreamsPerInstance (WATCH_LIVE_MAX_STREAMS)", () => {
  it("defaults to 50 and reads a whole number", () => {
    expect(maxStreamsPerInstance(configFrom({}))).toBe(DEFAULT_MAX_STREAMS_PER_INSTANCE);
    expect(maxStreamsPerInstance(configFrom({ WATCH_LIVE_MAX_STREAMS: "" }))).toBe(50);
    expect(maxStreamsPerInstance(configFrom({ WATCH_LIVE_MAX_STREAMS: " 200 " }))).toBe(200);
  });

  it("refuses anything else at start rather than lifting the cap", () => {
    for (const raw of ["0", "-5", "1.5", "lots", "1e9", "Infinity"])
      expect(() => configFrom({ WATCH_LIVE_MAX_STREAMS: raw }), raw).toThrow(/WATCH_LIVE_MAX_STREAMS/);
  });
});

describe("StreamLimiter", () => {
  it("gives each staff user 3 streams, the instance its cap, and frees a slot once per release", () => {
    const limiter = new StreamLimiter(() => 5);
    const ada = Array.from({ length: MAX_STREAMS_PER_STAFF }, () => limiter.acquire("ada"));
    expect(ada.every((s) => s.ok)).toBe(true);
    expect(limiter.acquire("ada")).toMatchObject({ ok: false, message: expect.stringMatching(/already watching live in 3 places/) as unknown });
    expect(limiter.acquire("bo").ok).toBe(true);
    expect(limiter.acquire("bo").ok).toBe(true);
    expect(limiter.acquire("cy")).toMatchObject({ ok: false, message: expect.stringMatching(/at capacity/) as unknown });
    const first = ada[0];
    if (first?.ok) {
      first.release();
      first.release();
    }
    expect(limiter.open()).toBe(4);
    expect(limiter.open("ada")).toBe(2);
    expect(limiter.acquire("cy").ok).toBe(true);
    expect(limiter.acquire("cy").ok).toBe(false);
  });
});
