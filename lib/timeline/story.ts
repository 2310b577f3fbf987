// How the account timeline reads as a story: identical events in a row collapse into one
// line ("Wrong password × 5, 00:32–02:32"), lines are grouped by day in the staff
// member's time zone (UTC unless they chose another), and times are relative ("3 h ago")
// with the exact time, and UTC's, kept for the hover. Pure functions, so the page and the
// tests share them; the entries come from lib/data/accounts/timeline.ts.

import { UTC_TIME, type TimeFormat } from "@/lib/time/zone-time";

/** The part of a timeline entry this module needs (kept structural: no DB import). */
export interface StoryEntry {
  key: string;
  kind: string;
  at: Date;
  title: string;
  detail: string | null;
  tone: "neutral" | "good" | "bad" | "warn";
}

export interface StoryRow<E extends StoryEntry = StoryEntry> {
  /** The newest member's anchor id: the row's own id. */
  key: string;
  /**
   * Every member's anchor id, newest first. Evidence links point at single entries, so a
   * collapsed row must still answer to each of its members' ids.
   */
  keys: string[];
  entry: E;
  count: number;
  /** Oldest and newest member (equal for a single entry). */
  first: Date;
  last: Date;
}

export interface StoryDay<E extends StoryEntry = StoryEntry> {
  /** The day in the reader's zone, YYYY-MM-DD. */
  day: string;
  rows: StoryRow<E>[];
}

const sameEvent = (a: StoryEntry, b: StoryEntry, times: TimeFormat) =>
  a.kind === b.kind && a.title === b.title && a.detail === b.detail && a.tone === b.tone && times.date(a.at) === times.date(b.at);

/**
 * Collapses runs of identical consecutive entries (same kind, wording, detail and tone,
 * on the same day in the reader's zone). Only neighbours collapse: a success between two failures keeps
 * them apart, because the order is the story. Input and output are newest first.
 */
export function collapseRepeats<E extends StoryEntry>(entries: readonly E[], times: TimeFormat = UTC_TIME): StoryRow<E>[] {
  const rows: StoryRow<E>[] = [];
  for (const entry of entries) {
    const previous = rows[rows.length - 1];
    if (previous && sameEvent(previous.entry, entry, times)) {
      previous.keys.push(entry.key);
      previous.count += 1;
      if (entry.at < previous.first) previous.first = entry.at;
      if (entry.at > previous.last) previous.last = entry.at;
      continue;
    }
    rows.push({ key: entry.key, keys: [entry.key], entry, count: 1, first: entry.at, last: entry.at });
  }
  return rows;
}

/** Rows grouped by the day (in the reader's zone) of their newest member, in the order given. */
export function groupByDay<E extends StoryEntry>(rows: readonly StoryRow<E>[], times: TimeFormat = UTC_TIME): StoryDay<E>[] {
  const days: StoryDay<E>[] = [];
  for (const row of rows) {
    const day = times.date(row.last);
    const current = days[days.length - 1];
    if (current && current.day === day) current.rows.push(row);
    else days.push({ day, rows: [row] });
  }
  return days;
}

/** The timeline as shown: collapsed, then grouped by day. */
export function tellStory<E extends StoryEntry>(entries: readonly E[], times: TimeFormat = UTC_TIME): StoryDay<E>[] {
  return groupByDay(collapseRepeats(entries, times), times);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 min ago", "3 h ago", "2 d ago", "4 mo ago", "2 y ago"; "in 5 min" for
 * a time after `now` (clock skew between the platform and the console). Whole units,
 * rounded down, so "3 h ago" never claims more than happened.
 */
export function relativeTime(at: Date, now: Date): string {
  const delta = now.getTime() - at.getTime();
  const ahead = delta < 0;
  const ms = Math.abs(delta);
  let text: string;
  if (ms < MINUTE) return "just now";
  else if (ms < HOUR) text = `${Math.floor(ms / MINUTE)} min`;
  else if (ms < DAY) text = `${Math.floor(ms / HOUR)} h`;
  else if (ms < 30 * DAY) text = `${Math.floor(ms / DAY)} d`;
  else if (ms < 365 * DAY) text = `${Math.floor(ms / (30 * DAY))} mo`;
  else text = `${Math.floor(ms / (365 * DAY))} y`;
  return ahead ? `in ${text}` : `${text} ago`;
}

// Not toLocaleDateString: Intl formatting cost about 0.1 ms a call, once per day shown,
// on every account page view (issue 14's throughput).
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** "Today", "Yesterday", else the weekday and date: "Thu 2026-11-26" (days in the reader's zone). */
export function dayLabel(day: string, now: Date, times: TimeFormat = UTC_TIME): string {
  const today = times.date(now);
  const yesterday = times.date(new Date(now.getTime() - DAY));
  if (day === today) return `Today · ${day}`;
  if (day === yesterday) return `Yesterday · ${day}`;
  // A calendar day's weekday does not depend on the zone it was read in.
  return `${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? ""} ${day}`;
}

/**
 * The exact time for the hover: "2026-11-30 02:32:07 UTC", or in another zone that time
 * and UTC's, "2026-11-30 03:32:07 UTC+01:00 (2026-11-30 02:32:07 UTC)", so the exact UTC
 * is always one hover away from a relative time.
 */
export function exactTime(at: Date, times: TimeFormat = UTC_TIME): string {
  return times.zone === UTC_TIME.zone ? UTC_TIME.exact(at) : `${times.exact(at)} (${UTC_TIME.exact(at)})`;
}

/** "00:32–02:32" for a collapsed row, "02:32" for a single entry (in the reader's zone). */
export function clockRange(row: Pick<StoryRow, "first" | "last">, times: TimeFormat = UTC_TIME): string {
  const from = times.clock(row.first);
  const to = times.clock(row.last);
  return from === to ? to : `${from}–${to}`;
}
