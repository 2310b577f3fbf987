import Link from "next/link";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Card } from "@/components/ui/card";
import { cx } from "@/lib/cx";
import { TIMELINE_CHANNELS, TIMELINE_KINDS, type TimelineKind, type TimelinePage } from "@/lib/data/accounts/timeline";
import { utc } from "./format";

const KIND_LABELS: Record<TimelineKind, string> = {
  login: "Logins",
  credential: "Credential changes",
  billing: "Billing",
  ban: "Ban",
  email: "Emails sent",
  staff: "Staff actions",
};

const TONES = { good: "bg-green-600", bad: "bg-red-600", warn: "bg-amber-500", neutral: "bg-slate-400" } as const;

export interface TimelineFilter {
  kind: TimelineKind | null;
  channel: (typeof TIMELINE_CHANNELS)[number] | null;
}

/**
 * The account's history. Filters and pages are plain links (the state lives in the
 * URL), so a filtered view can be pasted into a ticket.
 */
export function TimelinePanel({ basePath, page, filter, isFirstPage }: { basePath: string; page: TimelinePage; filter: TimelineFilter; isFirstPage: boolean }) {
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
      {page.entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded{filter.kind || filter.channel ? " for this filter" : ""}.</p>
      ) : (
        <ol className="flex flex-col" data-testid="timeline">
          {page.entries.map((entry) => (
            <li key={entry.key} id={entry.key} className="flex gap-3 border-b border-slate-100 py-2 text-sm last:border-0 target:bg-amber-50">
              <span className={cx("mt-1.5 h-2 w-2 shrink-0 rounded-full", TONES[entry.tone])} aria-hidden />
              <time dateTime={entry.at.toISOString()} className="w-44 shrink-0 text-slate-600 tabular-nums">
                {utc(entry.at)}
              </time>
              <span>
                <span className="font-medium text-slate-900">{entry.title}</span>
                {entry.detail ? <span className="block text-slate-600">{entry.detail}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
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
