import { describe, expect, it } from "vitest";
import { clockRange, collapseRepeats, dayLabel, groupByDay, relativeTime, tellStory, type StoryEntry } from "./story";

const at = (iso: string) => new Date(iso);
let n = 0;
function entry(iso: string, title: string, detail: string | null = "Web login · from 203.0.113.162", tone: StoryEntry["tone"] = "bad"): StoryEntry {
  n += 1;
  return { key: `login_attempt-${n}`, kind: "login", at: at(iso), title, detail, tone };
}

describe("collapseRepeats", () => {
  it("collapses a run of identical failures into one row that keeps every anchor id", () => {
    const run = ["02:32", "02:02", "01:32", "01:02", "00:32"].map((t) => entry(`2026-11-30T${t}:00Z`, "Wrong password"));
    const rows = collapseRepeats(run);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(5);
    expect(rows[0]!.key).toBe(run[0]!.key);
    expect(rows[0]!.keys).toEqual(run.map((e) => e.key));
    expect(clockRange(rows[0]!)).toBe("00:32–02:32");
  });

  it.each([
    ["a different title", entry("2026-11-30T01:00:00Z", "Logged in", "Web login · from 203.0.113.162", "good")],
    ["a different IP", entry("2026-11-30T01:00:00Z", "Wrong password", "Web login · from 198.51.100.7")],
    ["a different tone", entry("2026-11-30T01:00:00Z", "Wrong password", "Web login · from 203.0.113.162", "warn")],
    ["another UTC day", entry("2026-11-29T23:59:00Z", "Wrong password")],
  ])("keeps neighbours apart when they differ by %s", (_label, other) => {
    const rows = collapseRepeats([entry("2026-11-30T02:00:00Z", "Wrong password"), other]);
    expect(rows.map((r) => r.count)).toEqual([1, 1]);
  });

  it("collapses only neighbours: a success between failures keeps the order of the story", () => {
    const rows = collapseRepeats([
      entry("2026-11-30T03:00:00Z", "Wrong password"),
      entry("2026-11-30T02:00:00Z", "Logged in", null, "good"),
      entry("2026-11-30T01:00:00Z", "Wrong password"),
      entry("2026-11-30T00:00:00Z", "Wrong password"),
    ]);
    expect(rows.map((r) => [r.entry.title, r.count])).toEqual([
      ["Wrong password", 1],
      ["Logged in", 1],
      ["Wrong password", 2],
    ]);
  });

  it("returns nothing for nothing", () => {
    expect(collapseRepeats([])).toEqual([]);
  });
});

describe("groupByDay", () => {
  it("groups rows by the UTC day of their newest member, newest day first", () => {
    const days = tellStory([
      entry("2026-11-30T00:10:00Z", "Wrong password"),
      entry("2026-11-29T23:50:00Z", "Logged in", null, "good"),
      entry("2026-11-29T08:00:00Z", "Password changed by alex", null, "warn"),
      entry("2026-11-20T08:00:00Z", "Account banned", null, "bad"),
    ]);
    expect(days.map((d) => [d.day, d.rows.length])).toEqual([
      ["2026-11-30", 1],
      ["2026-11-29", 2],
      ["2026-11-20", 1],
    ]);
  });

  it("returns no days for no rows", () => {
    expect(groupByDay([])).toEqual([]);
  });
});

describe("relativeTime", () => {
  const now = at("2026-11-30T12:00:00Z");
  it.each([
    ["2026-11-30T12:00:00Z", "just now"],
    ["2026-11-30T11:59:01Z", "just now"],
    ["2026-11-30T11:59:00Z", "1 min ago"],
    ["2026-11-30T11:01:00Z", "59 min ago"],
    ["2026-11-30T11:00:00Z", "1 h ago"],
    ["2026-11-30T08:30:00Z", "3 h ago"],
    ["2026-11-29T12:00:01Z", "23 h ago"],
    ["2026-11-29T12:00:00Z", "1 d ago"],
    ["2026-11-01T12:00:00Z", "29 d ago"],
    ["2026-10-31T12:00:00Z", "1 mo ago"],
    ["2025-11-30T12:00:00Z", "1 y ago"],
    ["2026-11-30T12:05:00Z", "in 5 min"],
  ])("%s is %s", (iso, expected) => {
    expect(relativeTime(at(iso), now)).toBe(expected);
  });
});

describe("dayLabel", () => {
  const now = at("2026-11-30T00:30:00Z");
  it.each([
    ["2026-11-30", "Today · 2026-11-30"],
    ["2026-11-29", "Yesterday · 2026-11-29"],
    ["2026-11-26", "Thu 2026-11-26"],
  ])("%s reads %s", (day, expected) => {
    expect(dayLabel(day, now)).toBe(expected);
  });
});

describe("clockRange", () => {
  it("shows one time for a single entry", () => {
    const t = at("2026-11-30T02:32:59Z");
    expect(clockRange({ first: t, last: t })).toBe("02:32");
  });
});
