import type { TimeFormat } from "@/lib/time/zone-time";

// Time logic of the engine. Everything is UTC: the platform bills and terminates by
// UTC calendar months, and agents in different time zones must see the same dates.
// `now` is always a parameter; nothing here reads the clock.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** How far back an event still explains today's problem (credential changes, failures). */
export const RECENT_WINDOW_DAYS = 30;

/** The last 7 calendar days of a month: when the platform terminates unpaid accounts. */
export const TERMINATION_WEEK_DAYS = 7;

/** A half-open UTC interval: `start` included, `end` excluded. */
export interface UtcRange {
  start: Date;
  end: Date;
}

/** The cut-off before which events no longer count as recent. */
export function recentCutoff(now: Date, days: number = RECENT_WINDOW_DAYS): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * True when `at` is within `days` days before `now` (inclusive at the cut-off).
 * Events stamped slightly after `now` (clock skew between platform hosts) count as
 * recent rather than being dropped.
 */
export function isRecent(at: Date, now: Date, days: number = RECENT_WINDOW_DAYS): boolean {
  return at.getTime() >= recentCutoff(now, days).getTime();
}

/** The items whose date is at or after `since`, keeping their order. */
export function since<T>(items: readonly T[], from: Date, dateOf: (item: T) => Date): T[] {
  const t = from.getTime();
  return items.filter((item) => dateOf(item).getTime() >= t);
}

/** How many items match `predicate` at or after `since`. */
export function countSince<T>(items: readonly T[], from: Date, dateOf: (item: T) => Date, predicate: (item: T) => boolean = () => true): number {
  return since(items, from, dateOf).filter(predicate).length;
}

/** The later of two dates (either may be missing). */
export function laterOf(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

/** 00:00 UTC on the first day of the month containing `at`. */
export function startOfUtcMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** 00:00 UTC on the first day of the month `months` after the one containing `at`. */
export function addUtcMonths(at: Date, months: number): Date {
  // Date.UTC normalises month overflow (month 12 -> January of the next year).
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

/** Number of days in the UTC month containing `at` (28-31). */
export function daysInUtcMonth(at: Date): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * The last week of the UTC month containing `at`: from 00:00 UTC on day (last - 6) up
 * to, not including, 00:00 UTC on the first of the next month. February 2028 (leap)
 * gives the 23rd-29th, February 2027 the 22nd-28th, April the 24th-30th.
 */
export function lastWeekOfUtcMonth(at: Date): UtcRange {
  const firstDay = daysInUtcMonth(at) - TERMINATION_WEEK_DAYS + 1;
  return {
    start: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), firstDay)),
    end: addUtcMonths(at, 1),
  };
}

export function isInLastWeekOfUtcMonth(at: Date): boolean {
  // The week ends with the month that contains `at`, so only its start can be ahead.
  return at.getTime() >= lastWeekOfUtcMonth(at).start.getTime();
}

/** True when `period` (an invoice's billed month) is before the month containing `now`. */
export function isBeforeCurrentMonth(period: Date, now: Date): boolean {
  return period.getTime() < startOfUtcMonth(now).getTime();
}

/**
 * When an account with an unpaid invoice from a previous month's bill run, still
 * active at `now`, will be terminated: during the last week of the current UTC month,
 * and not before `now` (if that week has started, any moment from now on).
 * The range is half-open; its `end` is 00:00 UTC on the first of the next month.
 */
export function terminationWindow(now: Date): UtcRange {
  const week = lastWeekOfUtcMonth(now);
  const start = now.getTime() > week.start.getTime() ? now : week.start;
  return { start, end: week.end };
}

// ---------------------------------------------------------------- formatting

/**
 * How the engine writes a moment in its texts: in the reader's time zone, with the
 * offset ("2026-11-20 15:03 UTC+01:00"; lib/time/zone-time.ts). The zone is an input like
 * `now`, so the engine stays pure and table-tested; UTC unless the caller says otherwise.
 * Billing's calendar (invoice months, due dates, the termination week) is the platform's
 * UTC calendar and keeps the UTC helpers below, saying "UTC" where it matters.
 */
export type DiagnosisTimes = Pick<TimeFormat, "at" | "date">;
export { UTC_TIME } from "@/lib/time/zone-time";

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** "2026-11-20" (UTC). */
export function formatUtcDate(at: Date): string {
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

/** "2026-11-20 14:03 UTC". */
export function formatUtc(at: Date): string {
  return `${formatUtcDate(at)} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
}

/**
 * "2026-11-24 to 2026-11-30" for a half-open range of whole days (end excluded); a
 * range within one day is that day alone ("2026-11-30"), never "X to X".
 */
export function formatUtcDayRange(range: UtcRange): string {
  const first = formatUtcDate(range.start);
  const last = formatUtcDate(new Date(range.end.getTime() - 1));
  return first === last ? first : `${first} to ${last}`;
}

/** "on 2026-11-30" or "between 2026-11-24 and 2026-11-30", to follow a verb. */
export function utcDaysPhrase(range: UtcRange): string {
  const first = formatUtcDate(range.start);
  const last = formatUtcDate(new Date(range.end.getTime() - 1));
  return first === last ? `on ${first}` : `between ${first} and ${last}`;
}

/** "November 2026": how customers name a billed month. */
export function formatUtcMonth(at: Date): string {
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;
  return `${months[at.getUTCMonth()] ?? "?"} ${at.getUTCFullYear()}`;
}

/** "about 25 minutes", "about 3 hours", "about 2 days": rough, for reading out. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `about ${hours} hours`;
  return `about ${Math.round(hours / 24)} days`;
}
