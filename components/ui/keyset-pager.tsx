import { Link } from "@/components/ui/link";

export interface PagerLink {
  href: string;
  label: string;
}

/**
 * The one pager of the keyset-paged lists (timeline, audit log, permissions audit). A
 * keyset list knows its neighbours, not its page numbers: links to the first page, the
 * previous and the next one, each a plain URL (works without script, pastes into a
 * ticket), with rel=prev/next.
 */
export function KeysetPager({
  label,
  first,
  prev,
  next,
  summary,
}: {
  label: string;
  first?: PagerLink | null;
  prev?: PagerLink | null;
  next?: PagerLink | null;
  summary?: string;
}) {
  if (!first && !prev && !next && !summary) return null;
  const link = "rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-900 hover:bg-slate-50";
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-4 text-sm">
      {summary ? <span className="text-slate-600">{summary}</span> : <span />}
      <span className="flex flex-wrap gap-2">
        {first ? (
          <Link href={first.href} className={link}>
            {first.label}
          </Link>
        ) : null}
        {prev ? (
          <Link href={prev.href} className={link} rel="prev">
            {prev.label}
          </Link>
        ) : null}
        {next ? (
          <Link href={next.href} className={link} rel="next">
            {next.label}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
