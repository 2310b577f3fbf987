import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  addUtcMonths,
  countSince,
  daysInUtcMonth,
  formatDuration,
  formatUtc,
  formatUtcDate,
  formatUtcDayRange,
  utcDaysPhrase,
  formatUtcMonth,
  isInLastWeekOfUtcMonth,
  isRecent,
  lastWeekOfUtcMonth,
  laterOf,
  recentCutoff,
  startOfUtcMonth,
  terminationWindow,
} from "./time";

const utc = (iso: string) => new Date(iso);

describe("isRecent (30-day window)", () => {
  const now = utc("2026-11-27T12:00:00.000Z");

  it.each([
    ["1 second ago", now.getTime() - 1000, true],
    ["exactly 30 days ago", now.getTime() - 30 * DAY_MS, true],
    ["30 days and 1 ms ago", now.getTime() - 30 * DAY_MS - 1, false],
    ["31 days ago", now.getTime() - 31 * DAY_MS, false],
    ["1 minute in the future (clock skew)", now.getTime() + 60_000, true],
  ])("%s -> %s", (_name, t, expected) => {
    expect(isRecent(new Date(t), now)).toBe(expected);
  });

  it("honours a custom window", () => {
    expect(isRecent(utc("2026-11-20T12:00:00Z"), now, 7)).toBe(true);
    expect(isRecent(utc("2026-11-20T11:59:59Z"), now, 7)).toBe(false);
  });

  it("cut-off is exactly 30 days before now", () => {
    expect(recentCutoff(now).toISOString()).toBe("2026-10-28T12:00:00.000Z");
  });
});

describe("countSince", () => {
  const items = [
    { at: utc("2026-11-20T10:00:00Z"), ok: false },
    { at: utc("2026-11-19T10:00:00Z"), ok: false },
    { at: utc("2026-11-18T10:00:00Z"), ok: true },
    { at: utc("2026-11-01T10:00:00Z"), ok: false },
  ];
  it("counts at-or-after the date, inclusive", () => {
    expect(countSince(items, utc("2026-11-19T10:00:00Z"), (i) => i.at)).toBe(2);
    expect(countSince(items, utc("2026-11-19T10:00:00.001Z"), (i) => i.at)).toBe(1);
  });
  it("applies the predicate", () => {
    expect(
      countSince(
        items,
        utc("2026-10-01T00:00:00Z"),
        (i) => i.at,
        (i) => !i.ok,
      ),
    ).toBe(3);
  });
  it("is zero for an empty list or a future date", () => {
    expect(countSince([], utc("2026-10-01T00:00:00Z"), (i: { at: Date }) => i.at)).toBe(0);
    expect(countSince(items, utc("2027-01-01T00:00:00Z"), (i) => i.at)).toBe(0);
  });
});

describe("laterOf", () => {
  it("picks the later date or the one present", () => {
    const a = utc("2026-01-01T00:00:00Z");
    const b = utc("2026-02-01T00:00:00Z");
    expect(laterOf(a, b)).toBe(b);
    expect(laterOf(b, a)).toBe(b);
    expect(laterOf(null, a)).toBe(a);
    expect(laterOf(a, null)).toBe(a);
    expect(laterOf(null, null)).toBeNull();
  });
});

describe("months in UTC", () => {
  it.each([
    ["2028-02-10T00:00:00Z", 29],
    ["2027-02-10T00:00:00Z", 28],
    ["2100-02-10T00:00:00Z", 28], // divisible by 100, not by 400
    ["2000-02-10T00:00:00Z", 29],
    ["2026-04-10T00:00:00Z", 30],
    ["2026-12-31T23:59:59Z", 31],
  ])("days in month of %s = %i", (iso, days) => {
    expect(daysInUtcMonth(utc(iso))).toBe(days);
  });

  it("startOfUtcMonth and addUtcMonths cross the year", () => {
    expect(startOfUtcMonth(utc("2026-12-31T23:59:59.999Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(addUtcMonths(utc("2026-12-15T10:00:00Z"), 1).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(addUtcMonths(utc("2027-01-15T10:00:00Z"), -1).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("does not depend on the host time zone: 2026-12-01 00:30 UTC is December", () => {
    expect(startOfUtcMonth(utc("2026-12-01T00:30:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});

describe("lastWeekOfUtcMonth", () => {
  it.each([
    ["leap February 2028", "2028-02-01T00:00:00Z", "2028-02-23T00:00:00.000Z", "2028-03-01T00:00:00.000Z"],
    ["February 2027", "2027-02-14T00:00:00Z", "2027-02-22T00:00:00.000Z", "2027-03-01T00:00:00.000Z"],
    ["30-day April", "2026-04-30T23:59:59Z", "2026-04-24T00:00:00.000Z", "2026-05-01T00:00:00.000Z"],
    ["31-day January", "2027-01-01T00:00:00Z", "2027-01-25T00:00:00.000Z", "2027-02-01T00:00:00.000Z"],
    ["December into January", "2026-12-05T00:00:00Z", "2026-12-25T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
  ])("%s", (_name, at, start, end) => {
    const week = lastWeekOfUtcMonth(utc(at));
    expect(week.start.toISOString()).toBe(start);
    expect(week.end.toISOString()).toBe(end);
    expect(formatUtcDayRange(week)).toBe(`${start.slice(0, 10)} to ${new Date(new Date(end).getTime() - 1).toISOString().slice(0, 10)}`);
  });

  it("renders the day ranges the agent sees", () => {
    expect(formatUtcDayRange(lastWeekOfUtcMonth(utc("2028-02-01T00:00:00Z")))).toBe("2028-02-23 to 2028-02-29");
    expect(formatUtcDayRange(lastWeekOfUtcMonth(utc("2027-02-01T00:00:00Z")))).toBe("2027-02-22 to 2027-02-28");
    expect(formatUtcDayRange(lastWeekOfUtcMonth(utc("2026-04-01T00:00:00Z")))).toBe("2026-04-24 to 2026-04-30");
  });

  it.each([
    ["2028-02-22T23:59:59.999Z", false], // last instant before the leap-year week
    ["2028-02-23T00:00:00.000Z", true], // first instant
    ["2028-02-29T23:59:59.999Z", true], // last instant
    ["2028-03-01T00:00:00.000Z", false], // first instant of March (March's week is 25-31)
    ["2027-02-21T23:59:59.999Z", false],
    ["2027-02-22T00:00:00.000Z", true],
    ["2026-04-23T23:59:59.999Z", false],
    ["2026-04-24T00:00:00.000Z", true],
    ["2026-04-30T23:59:59.999Z", true],
    ["2026-05-01T00:00:00.000Z", false],
    ["2026-12-24T23:59:59.999Z", false],
    ["2026-12-25T00:00:00.000Z", true],
    ["2026-12-31T23:59:59.999Z", true],
    ["2027-01-01T00:00:00.000Z", false],
  ])("isInLastWeekOfUtcMonth(%s) = %s", (iso, expected) => {
    expect(isInLastWeekOfUtcMonth(utc(iso))).toBe(expected);
  });
});

describe("terminationWindow", () => {
  it("before the last week: the whole last week of this month", () => {
    const w = terminationWindow(utc("2026-11-10T09:00:00Z"));
    expect(w.start.toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(formatUtcDayRange(w)).toBe("2026-11-24 to 2026-11-30");
  });

  it("inside the last week: from now to the end of the month", () => {
    const now = utc("2026-11-27T12:00:00Z");
    const w = terminationWindow(now);
    expect(w.start.toISOString()).toBe(now.toISOString());
    expect(w.end.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("leap February 2028", () => {
    expect(formatUtcDayRange(terminationWindow(utc("2028-02-02T00:00:00Z")))).toBe("2028-02-23 to 2028-02-29");
  });

  it("December ends at 2027-01-01 00:00 UTC", () => {
    const w = terminationWindow(utc("2026-12-31T23:59:59.999Z"));
    expect(w.end.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    // One day left: that day alone, never "2026-12-31 to 2026-12-31".
    expect(formatUtcDayRange(w)).toBe("2026-12-31");
    expect(utcDaysPhrase(w)).toBe("on 2026-12-31");
    expect(utcDaysPhrase(lastWeekOfUtcMonth(utc("2026-04-01T00:00:00Z")))).toBe("between 2026-04-24 and 2026-04-30");
  });
});

describe("formatting", () => {
  it("formats in UTC with minutes", () => {
    expect(formatUtc(utc("2026-11-20T14:03:59Z"))).toBe("2026-11-20 14:03 UTC");
    expect(formatUtcDate(utc("2026-01-05T23:59:59Z"))).toBe("2026-01-05");
    expect(formatUtcMonth(utc("2026-10-01T00:00:00Z"))).toBe("October 2026");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "about 1 minute"],
    [60_000, "about 1 minute"],
    [25 * 60_000, "about 25 minutes"],
    [89 * 60_000, "about 89 minutes"],
    [90 * 60_000, "about 2 hours"],
    [47 * 3_600_000, "about 47 hours"],
    [48 * 3_600_000, "about 2 days"],
    [3 * DAY_MS, "about 3 days"],
  ])("%i ms -> %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
