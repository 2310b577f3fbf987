import { Link } from "@/components/ui/link";
import { FlagBadge } from "@/components/audit/flag-badge";
import { FLAGS_BY_RISK, type FilterFlag } from "@/lib/model/teammate-flags";

/**
 * The permissions audit's first line: how many teammates each flag finds, highest risk
 * first, each a link that applies that flag (keeping the lead's other filters). The lead
 * sees where the risk is before any filter form.
 */
export function FlagChips({
  counts,
  cap,
  current,
  filterQuery,
}: {
  counts: Record<FilterFlag, number>;
  cap: number;
  current: FilterFlag | undefined;
  /** The other filters, as URL parameters without `flag`. */
  filterQuery: string;
}) {
  const href = (flag: FilterFlag) => {
    const params = new URLSearchParams(filterQuery);
    params.delete("flag");
    if (flag !== current) params.set("flag", flag);
    const search = params.toString();
    return `/audit/permissions${search ? `?${search}` : ""}`;
  };
  return (
    <nav aria-label="Flags by risk" data-testid="flag-chips">
      <ul className="flex flex-wrap gap-2">
        {FLAGS_BY_RISK.map((flag) => {
          const n = counts[flag];
          return (
            <li key={flag}>
              <Link
                href={href(flag)}
                aria-current={flag === current ? "true" : undefined}
                className={`inline-flex min-h-11 items-center gap-2 rounded-full border px-3 py-1 text-sm ${
                  flag === current ? "border-slate-800 ring-2 ring-slate-800" : "border-slate-300"
                }`}
                data-flag={flag}
              >
                <FlagBadge flag={flag} />
                <span className="font-semibold tabular-nums" data-testid="flag-count">
                  {n > cap ? `${cap.toLocaleString("en-US")}+` : n.toLocaleString("en-US")}
                </span>
                <span className="sr-only">{n === 1 ? "teammate" : "teammates"}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
