"use client";

import { useTable, type ColumnDef } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { Fragment, useMemo } from "react";
import { StatusBadge } from "@/components/account/status-badge";
import { consoleTableFeatures, TanstackTable } from "@/components/ui/tanstack-table";
import { Tooltip } from "@/components/ui/tooltip";
import { Truncated } from "@/components/ui/truncated";
import { FlagBadge } from "./flag-badge";
import { LEVEL_LABELS } from "@/lib/model/teammate-levels";
import type { TeammatePermissionRow } from "@/lib/model/teammate-permissions";
import type { PermissionSort } from "@/lib/validation/permissions-audit";
import { timeFormatOrUtc, type TimeFormat } from "@/lib/time/zone-time";
import { exactTime } from "@/lib/timeline/story";

// Server-side table: the rows arrive sorted and paged by the database, and TanStack
// runs in manual mode only to carry the sort state; a header is a link to the URL of
// the other order, so sorting works without script and every view can be pasted.

// "2026-11-30 04:03" in the lead's zone, which the header names ("Last login (UTC)"):
// this table is the widest on the console, and an offset on every date does not fit it
// at 1440 px (e2e/tables.spec.ts). The hover has the exact time with its offset, and UTC's.
const when = (iso: string | null, times: TimeFormat) => (iso ? `${times.date(new Date(iso))} ${times.clock(new Date(iso))}` : null);

const columnsIn = (times: TimeFormat): ColumnDef<typeof consoleTableFeatures, TeammatePermissionRow>[] => [
  {
    id: "account",
    // Sortable columns need an accessor for TanStack to offer sorting, even in manual mode.
    accessorFn: (row) => row.accountId,
    header: "Account",
    enableSorting: true,
    cell: ({ row }) => (
      <div className="flex flex-col gap-1">
        <Link
          href={`/accounts/${row.original.accountId}`}
          title={row.original.accountUsername}
          className="block truncate font-medium text-blue-800 underline-offset-2 hover:underline @min-[64rem]:max-w-36"
        >
          {row.original.accountUsername}
        </Link>
        <span className="flex items-center gap-1 text-xs text-slate-600">
          #{row.original.accountId}
          {row.original.accountStatus !== "ACTIVE" ? <StatusBadge status={row.original.accountStatus} /> : null}
        </span>
      </div>
    ),
  },
  {
    id: "teammate",
    header: "Teammate",
    enableSorting: false,
    cell: ({ row }) => (
      <div className="flex min-w-0 flex-col">
        <Truncated value={row.original.username} className="font-medium text-slate-900 @min-[64rem]:max-w-44" />
        <Truncated value={row.original.email} copy="email" className="text-slate-600 @min-[64rem]:max-w-44" />
      </div>
    ),
  },
  {
    id: "level",
    accessorFn: (row) => row.level,
    header: "Level",
    enableSorting: true,
    cell: ({ row }) => <span className="whitespace-nowrap">{LEVEL_LABELS[row.original.level]}</span>,
  },
  {
    id: "scopes",
    header: "Scopes",
    enableSorting: false,
    cell: ({ row }) =>
      row.original.scopes.length ? (
        <span className="font-mono text-xs">
          {row.original.scopes.map((scope, i) => (
            // One scope never breaks inside itself; the list wraps between scopes.
            <Fragment key={scope}>
              {i > 0 ? ", " : null}
              <span className="whitespace-nowrap">{scope}</span>
            </Fragment>
          ))}
        </span>
      ) : (
        <span className="text-slate-500">{row.original.level === "RESTRICTED" ? "none" : "all of the level"}</span>
      ),
  },
  {
    id: "lastLogin",
    accessorFn: (row) => row.lastLoginAt,
    header: `Last login (${times.zone})`,
    enableSorting: true,
    cell: ({ row }) =>
      row.original.lastLoginAt ? (
        <time dateTime={row.original.lastLoginAt} title={exactTime(new Date(row.original.lastLoginAt), times)} className="whitespace-nowrap tabular-nums">
          {when(row.original.lastLoginAt, times)}
        </time>
      ) : (
        <span className="text-slate-500">Never</span>
      ),
  },
  {
    id: "created",
    accessorFn: (row) => row.createdAt,
    header: `Created (${times.zone})`,
    enableSorting: true,
    cell: ({ row }) => (
      <time dateTime={row.original.createdAt} title={exactTime(new Date(row.original.createdAt), times)} className="whitespace-nowrap tabular-nums">
        {when(row.original.createdAt, times)}
      </time>
    ),
  },
  {
    id: "flags",
    header: "Flags",
    enableSorting: false,
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1">
        {row.original.flags.map((f) => (
          <Tooltip key={f.flag} id={`flag-${row.original.teammateId}-${f.flag}`} label={f.detail}>
            <FlagBadge flag={f.flag} />
          </Tooltip>
        ))}
      </div>
    ),
  },
];

export function PermissionsTable({
  rows,
  sort,
  dir,
  filterQuery,
  timeZone,
}: {
  rows: TeammatePermissionRow[];
  sort: PermissionSort;
  dir: "asc" | "desc";
  /** The current filter and page size as a query string (no sort or position), kept by the sort links. */
  filterQuery: string;
  /** The lead's zone (a name: functions do not cross to the browser). */
  timeZone: string;
}) {
  const columns = useMemo(() => columnsIn(timeFormatOrUtc(timeZone)), [timeZone]);
  const table = useTable({
    features: consoleTableFeatures,
    columns,
    data: rows,
    manualSorting: true,
    state: { sorting: [{ id: sort, desc: dir === "desc" }] },
    getRowId: (row) => String(row.teammateId),
  });
  const hrefFor = (id: string, nextDir: "asc" | "desc") => {
    const params = new URLSearchParams(filterQuery);
    params.set("sort", id);
    params.set("dir", nextDir);
    return `?${params.toString()}`;
  };
  return (
    // No overflow box around the table: it fits its card (one card per row when narrow),
    // so the header can stick to the top of the window and tooltips are never clipped.
    <TanstackTable
      table={table}
      sortHref={hrefFor}
      caption="Teammates and their permission levels, one row per teammate"
      stack="wide"
      head="caps"
      sticky
      boxed
      pad="px-3 py-2"
      rowClassName="border-b border-slate-100 last:border-0"
      rowTestId="permission-row"
    />
  );
}
