"use client";
// The timeline's rows, drawn in the browser's bundle from compact rows the server made
// (components/account/timeline-panel.tsx). A server component's markup travels twice:
// as HTML and again, element by element with every class name, in the page's RSC
// payload. For the timeline that was half the account page's payload and the largest
// part of its server CPU under load (issue 14); a client component's payload is only
// its props. The server formats every time in the staff member's zone, so the browser
// renders the same text (no clock or time zone of its own, no hydration mismatch).
import { cx } from "@/lib/cx";

const TONES = { good: "bg-green-600", bad: "bg-red-600", warn: "bg-amber-500", neutral: "bg-slate-400" } as const;

/** One line of the story: one entry or a run of identical ones. */
export interface TimelineRowView {
  /** The newest member's anchor id. */
  key: string;
  /** The other members' anchor ids (collapsed rows), space-separated; null for one entry. */
  keys: string | null;
  count: number;
  tone: keyof typeof TONES;
  /** The newest member's time, ISO 8601, for <time dateTime>. */
  dateTime: string;
  /** The exact time(s), for the hover. */
  exact: string;
  /** "02:32" or "00:32–02:32". */
  clock: string;
  /** The clock's zone offset ("UTC", "UTC+01:00"), for screen readers. */
  offset: string;
  /** "3 h ago". */
  relative: string;
  title: string;
  detail: string | null;
}

export interface TimelineDayView {
  /** YYYY-MM-DD, for the heading's id. */
  day: string;
  label: string;
  /** The zone offset of the day's clocks. */
  offset: string;
  rows: TimelineRowView[];
}

export function TimelineDays({ days }: { days: TimelineDayView[] }) {
  return (
    <div className="flex flex-col gap-3" data-testid="timeline">
      {days.map((day) => (
        <section key={day.day} aria-labelledby={`day-${day.day}`}>
          <h3 id={`day-${day.day}`} className="border-b border-slate-200 py-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            {day.label}
            <span className="normal-case"> · {day.offset}</span>
          </h3>
          <ol className="flex flex-col">
            {day.rows.map((row) => (
              // The row's look is one rule in app/globals.css ([data-timeline-entry]),
              // not the same classes on every row of every view. A collapsed row lists
              // its other members' ids in data-keys, where TimelineFocus finds an
              // evidence link's target (an empty anchor per member cost ~200 bytes each).
              <li key={row.key} id={row.key} tabIndex={-1} data-timeline-entry data-count={row.count} data-keys={row.keys ?? undefined}>
                <span className={cx("mt-1.5 h-2 w-2 shrink-0 rounded-full", TONES[row.tone])} aria-hidden />
                <span className="flex w-28 shrink-0 flex-col text-slate-600 tabular-nums">
                  <time dateTime={row.dateTime} title={row.exact}>
                    {row.clock}
                    <span className="sr-only"> {row.offset}</span>
                  </time>
                  <span className="text-xs">{row.relative}</span>
                </span>
                <span>
                  <span className="font-medium text-slate-900" data-entry-title>
                    {row.title}
                    {row.count > 1 ? <span data-testid="repeat-count">{` × ${row.count}`}</span> : null}
                  </span>
                  {row.detail ? <span className="block text-slate-600">{row.detail}</span> : null}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
