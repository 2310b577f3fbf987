import { Link } from "@/components/ui/link";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Card } from "@/components/ui/card";
import { cx } from "@/lib/cx";
import { TIMELINE_CHANNELS, TIMELINE_KINDS, type TimelineKind, type TimelinePage } from "@/lib/model/timeline";
import { clockRange, dayLabel, exactTime, relativeTime, tellStory } from "@/lib/timeline/story";
import type { TimeFormat } from "@/lib/time/zone-time";
import { TimelineDays, type TimelineDayView } from "./timeline-days";
import { TimelineFocus } from "./timeline-focus";

const KIND_LABELS: Record<TimelineKind, string> = {
  login: "Logins",
  credential: "Credential changes",
  billing: "Billing",
  ban: "Ban",
  email: "Emails sent",
  staff: "Staff actions",
};

/** The page's entries as the story's days, every time formatted here on the server. */
function storyDays(page: TimelinePage, now: Date, times: TimeFormat): TimelineDayView[] {
  return tellStory(page.entries, times).map((day) => ({
    day: day.day,
    label: dayLabel(day.day, now, times),
    // The clocks below are in this zone; the offset is the day's newest entry's.
    offset: day.rows[0] ? times.offset(day.rows[0].last) : times.zone,
    rows: day.rows.map((row) => ({
      key: row.key,
      keys: row.count > 1 ? row.keys.slice(1).join(" ") : null,
      count: row.count,
      tone: row.entry.tone,
      dateTime: row.last.toISOString(),
      exact: row.count > 1 ? `${exactTime(row.first, times)} to ${exactTime(row.last, times)}` : exactTime(row.last, times),
      clock: clockRange(row, times),
      offset: times.offset(row.last),
      relative: relativeTime(row.last, now),
      title: row.entry.title,
      detail: row.entry.detail,
    })),
  }));
}

export interface TimelineFilter {
  kind: TimelineKind | null;
  channel: (typeof TIMELINE_CHANNELS)[number] | null;
}

/**
 * The account's history, told as a story: grouped by day in the staff member's zone, identical events in a row
 * collapsed into one line, relative times with the exact time on hover (see
 * lib/timeline/story.ts). Staff page views are left out unless the staff filter is on.
 * Filters and pages are plain links (the state lives in the URL), so a filtered view can
 * be pasted into a ticket.
 */
export function TimelinePanel({
  basePath,
  page,
  filter,
  isFirstPage,
  times,
  now = new Date(),
}: {
  basePath: string;
  page: TimelinePage;
  filter: TimelineFilter;
  isFirstPage: boolean;
  /** The staff member's zone: days, clocks and hovers are written in it. */
  times: TimeFormat;
  /** The moment relative times count from (the page's render). */
  now?: Date;
}) {
  const href = (next: Partial<TimelineFilter> & { cursor?: string }) => {
    const params = new URLSearchParams();
    const kind = next.kind === undefined ? filter.kind : next.kind;
    const channel = next.channel === undefined ? filter.channel : next.channel;
    if (kind) params.set("kind", kind);
    if (channel) params.set("channel", channel);
    if (next.cursor) params.set("cursor", next.cursor);
    const query = params.toString();
    return `${basePath}${query ? `?${query}` : ""}#timeline`;
  };
  const chip = (active: boolean) =>
    cx("rounded-full border px-3 py-1 text-xs", active ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 text-slate-800 hover:bg-slate-50");

  return (
    <Card title={<span id="timeline">Timeline</span>}>
      <nav aria-label="Timeline filters" className="mb-3 flex flex-wrap gap-2">
        <Link
          href={href({ kind: null, channel: null })}
          className={chip(!filter.kind && !filter.channel)}
          aria-current={!filter.kind && !filter.channel ? "true" : undefined}
        >
          Everything
        </Link>
        {TIMELINE_KINDS.map((kind) => (
          <Link
            key={kind}
            href={href({ kind, channel: kind === "login" ? filter.channel : null })}
            className={chip(filter.kind === kind)}
            aria-current={filter.kind === kind ? "true" : undefined}
          >
            {KIND_LABELS[kind]}
          </Link>
        ))}
        <span className="mx-1 border-l border-slate-300" aria-hidden />
        {TIMELINE_CHANNELS.map((channel) => (
          <Link
            key={channel}
            href={href({ channel: filter.channel === channel ? null : channel, kind: "login" })}
            className={chip(filter.channel === channel)}
            aria-current={filter.channel === channel ? "true" : undefined}
          >
            {channel}
          </Link>
        ))}
      </nav>
      {filter.kind !== "staff" ? (
        <p className="mb-2 text-xs text-slate-600" data-testid="staff-views-hidden">
          Staff page views are hidden.{" "}
          <Link href={href({ kind: "staff", channel: null })} className="text-blue-700 underline">
            Show staff actions
          </Link>
        </p>
      ) : null}
      {page.entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded{filter.kind || filter.channel ? " for this filter" : ""}.</p>
      ) : (
        <TimelineDays days={storyDays(page, now, times)} />
      )}
      <TimelineFocus />
      <div className="mt-3">
        <KeysetPager
          label="Timeline pages"
          first={!isFirstPage ? { href: href({}), label: "← Newest" } : null}
          next={page.nextCursor ? { href: href({ cursor: page.nextCursor }), label: "Older →" } : null}
        />
      </div>
    </Card>
  );
}
