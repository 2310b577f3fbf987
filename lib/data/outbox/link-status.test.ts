// What the emails panel says about a reset or confirmation link: used wins over
// cancelled wins over superseded wins over expired, and an email without a token has no link state.
import { describe, expect, it } from "vitest";
import { linkStatus } from "./list-outbox-emails";

const now = new Date("2026-11-30T12:00:00Z");
const later = new Date("2026-11-30T13:00:00Z");
const earlier = new Date("2026-11-30T11:00:00Z");
const token = { expiresAt: later, usedAt: null, supersededAt: null, cancelledAt: null, cancelReason: null, usedBySource: null };

describe("linkStatus", () => {
  it("says open until it expires, then expired unused", () => {
    expect(linkStatus(token, now)).toEqual({ state: "open", expiresAt: later });
    expect(linkStatus({ ...token, expiresAt: earlier }, now)).toEqual({ state: "expired", at: earlier });
    expect(linkStatus({ ...token, expiresAt: now }, now)).toEqual({ state: "expired", at: now });
  });

  it("says used, when and through which source, even after it would have expired or been superseded", () => {
    const used = { ...token, expiresAt: earlier, usedAt: earlier, supersededAt: now, usedBySource: { name: "platform-prod" } };
    expect(linkStatus(used, now)).toEqual({ state: "used", at: earlier, bySource: "platform-prod" });
  });

  it("says superseded when a newer email replaced it", () => {
    expect(linkStatus({ ...token, supersededAt: earlier }, now)).toEqual({ state: "superseded", at: earlier });
  });

  it("says cancelled, why and when, over superseded and expired, but not over used", () => {
    const cancelled = { ...token, cancelledAt: earlier, cancelReason: "ACCOUNT_BANNED" as const };
    expect(linkStatus(cancelled, now)).toEqual({ state: "cancelled", at: earlier, reason: "ACCOUNT_BANNED" });
    expect(linkStatus({ ...cancelled, supersededAt: now, expiresAt: earlier }, now)).toMatchObject({ state: "cancelled" });
    expect(linkStatus({ ...cancelled, usedAt: earlier }, now)).toMatchObject({ state: "used" });
  });

  it("has nothing to say for an email without a link", () => {
    expect(linkStatus(null, now)).toBeNull();
  });
});
