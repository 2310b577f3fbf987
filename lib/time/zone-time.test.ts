import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, UTC_TIME, isTimeZone, timeFormat, timeFormatOrUtc, timeZoneNames } from "./zone-time";

describe("timeFormat", () => {
  it("writes UTC by default, ISO-like and marked UTC", () => {
    const at = new Date("2026-11-30T03:03:07.123Z");
    expect(DEFAULT_TIME_ZONE).toBe("UTC");
    expect(timeFormat().at(at)).toBe("2026-11-30 03:03 UTC");
    expect(UTC_TIME.exact(at)).toBe("2026-11-30 03:03:07 UTC");
    expect(UTC_TIME.date(at)).toBe("2026-11-30");
    expect(UTC_TIME.clock(at)).toBe("03:03");
    expect(UTC_TIME.at(null)).toBe("—");
    expect(UTC_TIME.date(undefined)).toBe("—");
  });

  it("writes the chosen zone with its offset, which follows daylight saving", () => {
    const paris = timeFormat("Europe/Paris");
    expect(paris.at(new Date("2026-11-30T03:03:00Z"))).toBe("2026-11-30 04:03 UTC+01:00");
    expect(paris.at(new Date("2026-07-01T03:03:00Z"))).toBe("2026-07-01 05:03 UTC+02:00");
    expect(timeFormat("Asia/Kolkata").at(new Date("2026-11-30T20:00:00Z"))).toBe("2026-12-01 01:30 UTC+05:30");
    expect(timeFormat("America/New_York").exact(new Date("2026-11-30T03:03:07Z"))).toBe("2026-11-29 22:03:07 UTC-05:00");
    // At UTC's offset but not UTC: says so, so nobody mistakes London for UTC in summer.
    expect(timeFormat("Europe/London").at(new Date("2026-01-15T12:00:00Z"))).toBe("2026-01-15 12:00 UTC+00:00");
  });

  it("crosses the spring and autumn DST boundaries minute by minute without repeating or skipping", () => {
    const berlin = timeFormat("Europe/Berlin");
    // 2026-03-29 01:00 UTC: clocks go from 02:00 CET to 03:00 CEST.
    expect(berlin.at(new Date("2026-03-29T00:59:00Z"))).toBe("2026-03-29 01:59 UTC+01:00");
    expect(berlin.at(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29 03:00 UTC+02:00");
    // 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET; the repeated hour differs by its offset.
    expect(berlin.at(new Date("2026-10-25T00:30:00Z"))).toBe("2026-10-25 02:30 UTC+02:00");
    expect(berlin.at(new Date("2026-10-25T01:30:00Z"))).toBe("2026-10-25 02:30 UTC+01:00");
  });

  it("finds when a day starts in the zone, on DST days too", () => {
    expect(UTC_TIME.startOfDay("2026-11-30").toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(timeFormat("Europe/Paris").startOfDay("2026-11-30").toISOString()).toBe("2026-11-29T23:00:00.000Z");
    expect(timeFormat("Europe/Paris").startOfDay("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(timeFormat("Europe/Paris").startOfDay("2026-03-30").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(timeFormat("America/Los_Angeles").startOfDay("2026-11-02").toISOString()).toBe("2026-11-02T08:00:00.000Z");
    // Santiago springs forward at midnight (2026-09-06 00:00 -04 becomes 01:00 -03): the day starts at 01:00.
    expect(timeFormat("America/Santiago").startOfDay("2026-09-06").toISOString()).toBe("2026-09-06T04:00:00.000Z");
  });

  it("refuses a zone it does not know, with a message naming it", () => {
    expect(() => timeFormat("Mars/Olympus_Mons")).toThrow(/Unknown time zone "Mars\/Olympus_Mons"/);
    expect(() => timeFormat("")).toThrow(RangeError);
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("europe/paris")).toBe(false);
    expect(isTimeZone("Asia/Kolkata")).toBe(true);
    expect(isTimeZone("Europe/Paris; DROP TABLE")).toBe(false);
    expect(timeFormatOrUtc("Mars/Olympus_Mons")).toBe(UTC_TIME);
    expect(timeFormatOrUtc(null)).toBe(UTC_TIME);
  });

  it("lists UTC first, once, among the IANA names", () => {
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names.filter((n) => n === "UTC")).toHaveLength(1);
    expect(names).toContain("Europe/Paris");
    expect(names.length).toBeGreaterThan(300);
  });
});
