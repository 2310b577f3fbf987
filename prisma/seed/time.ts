// Time helpers for seeds. Everything is UTC and derived from a `now` the caller passes
// in, so a test that fixes `now` gets the same data every run. The calendar rules (month
// starts, the last week of the month when the platform terminates unpaid accounts) are
// the diagnosis's own (lib/diagnosis/time.ts): a seed built on a copy could agree with
// its tests and still disagree with what the console concludes.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `ms` before `now` (the argument order of the diagnosis fixtures' `ago`). */
export function ago(ms: number, now: Date): Date {
  return new Date(now.getTime() - ms);
}

export function after(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

export function minDate(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}
