// Calendar helpers for seeds. Everything is UTC and derived from a `now` the caller
// passes in, so a test that fixes `now` gets the same data every run.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function ago(now: Date, ms: number): Date {
  return new Date(now.getTime() - ms);
}

export function after(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

export function minDate(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

/** First instant of the month `offset` months from the month of `date` (UTC). */
export function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

export function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * Start of the last week of the month containing `date`: the platform terminates
 * accounts with an unpaid previous-month balance during these last seven days.
 */
export function lastWeekStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), daysInMonth(date) - 6));
}

export function isInLastWeekOfMonth(date: Date): boolean {
  return date.getTime() >= lastWeekStart(date).getTime() && date.getTime() < monthStart(date, 1).getTime();
}
