"use client";

import { useTable, type ColumnDef } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { useMemo, useRef, type KeyboardEvent } from "react";
import { timeFormatOrUtc, type TimeFormat } from "@/lib/time/zone-time";
import { VerdictChip } from "@/components/account/verdict-chip";
import { Badge } from "@/components/ui/badge";
import { consoleTableFeatures, TanstackTable } from "@/components/ui/tanstack-table";
import { Truncated } from "@/components/ui/truncated";
import { MATCH_FIELD_LABELS, type SearchResultItem } from "@/lib/model/search";
import { hrefFor } from "./result-href";

/** The columns, writing the last login in the reader's zone. */
const columnsFor = (times: TimeFormat): ColumnDef<typeof consoleTableFeatures, SearchResultItem>[] => [
  {
    id: "customer",
    header: "Customer",
    cell: ({ row }) => (
      <div className="flex flex-col">
        {/* At least 24 px tall: the copy button sits right below it (WCAG 2.2 target size, e2e/accessibility.spec.ts). */}
        <Link
          href={hrefFor(row.original)}
          className="inline-flex min-h-6 items-center self-start font-medium text-blue-800 underline-offset-2 hover:underline"
          data-result-link
        >
          {row.original.username}
        </Link>
        <Truncated value={row.original.email} copy="email" className="text-slate-600" />
      </div>
    ),
  },
  {
    id: "verdict",
    header: "Verdict",
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1">
        <VerdictChip verdict={row.original.verdict} testId="row-verdict" />
        {row.original.isSubuser ? <Badge tone="neutral">{`Subuser of ${row.original.parentUsername ?? "?"}`}</Badge> : null}
      </div>
    ),
  },
  {
    id: "match",
    header: "Matched",
    cell: ({ row }) => (
      <span>
        {row.original.quality === "exact" ? "" : row.original.quality === "prefix" ? "starts like " : "similar to "}
        {MATCH_FIELD_LABELS[row.original.match.field]} <code className="text-slate-800">{row.original.match.value}</code>
      </span>
    ),
  },
  {
    id: "lastLogin",
    header: "Last login",
    cell: ({ row }) =>
      row.original.lastLoginAt ? (
        <time dateTime={row.original.lastLoginAt} className="whitespace-nowrap tabular-nums">
          {times.at(new Date(row.original.lastLoginAt))}
        </time>
      ) : (
        "never"
      ),
  },
];

/**
 * Results as a table you can drive from the keyboard: ArrowDown from the search box
 * lands on the first result, arrows move between results, Enter opens one.
 */
export function SearchResults({ results, timeZone }: { results: SearchResultItem[]; timeZone: string }) {
  const columns = useMemo(() => columnsFor(timeFormatOrUtc(timeZone)), [timeZone]);
  const table = useTable({ features: consoleTableFeatures, columns, data: results });
  const body = useRef<HTMLTableSectionElement>(null);

  const move = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = Array.from(body.current?.querySelectorAll<HTMLAnchorElement>("a[data-result-link]") ?? []);
    const index = links.findIndex((l) => l === document.activeElement);
    const next = links[event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  return (
    <TanstackTable
      table={table}
      label="Customers found"
      stack="narrow"
      head="caps"
      sticky
      boxed
      pad="px-4 py-2"
      rowClassName="border-b border-slate-100 last:border-0 focus-within:bg-blue-50"
      rowTestId="search-result"
      bodyProps={{ ref: body, onKeyDown: move, id: "search-results" }}
    />
  );
}
