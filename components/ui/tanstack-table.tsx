"use client";

import { FlexRender, rowSortingFeature, tableFeatures, type ReactTable, type RowData } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { Cell, Table, type Column, type TableProps } from "./table";

/**
 * The features every TanStack table of the console is built with, so this one component
 * can read a column's sort. The order itself always comes from the server (manual mode, or
 * rows that arrive ordered): no table sorts in the browser.
 */
export const consoleTableFeatures = tableFeatures({ rowSortingFeature });
type Features = typeof consoleTableFeatures;

/**
 * A TanStack table through `Table`: its headers become the columns (a string header is
 * also the label of the column's cells when stacked), each row a `<tr>` of its cells.
 * `sortHref`: sortable headers are links to the URL of the other order (the order lives
 * in the URL, so sorting works without script and every view can be pasted).
 */
export function TanstackTable<TData extends RowData>({
  table,
  sortHref,
  rowClassName,
  rowTestId,
  pad = "px-2 py-2",
  ...frame
}: {
  table: ReactTable<Features, TData>;
  sortHref?: (columnId: string, dir: "asc" | "desc") => string;
  rowClassName?: string;
  rowTestId?: string;
} & Omit<TableProps<unknown>, "columns" | "rows" | "children">) {
  // One header group: no table here groups its columns.
  const columns = new Map<string, Column>();
  for (const header of table.getHeaderGroups().flatMap((group) => group.headers)) {
    const column = header.column;
    const sorted = column.getIsSorted();
    columns.set(column.id, {
      id: header.id,
      // A string header names the cells; a rendered one (a function) leaves them unlabelled.
      label: typeof column.columnDef.header === "string" ? column.columnDef.header : "",
      sort: sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined,
      header:
        sortHref && column.getCanSort() ? (
          <Link
            href={sortHref(column.id, sorted === "asc" ? "desc" : "asc")}
            className="inline-flex items-center gap-1 text-slate-700 uppercase underline-offset-2 hover:underline"
            data-testid={`sort-${column.id}`}
          >
            <FlexRender header={header} />
            <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
            <span className="sr-only">{sorted ? `, sorted ${sorted === "asc" ? "ascending" : "descending"}; reverse` : ", sort by this column"}</span>
          </Link>
        ) : (
          <FlexRender header={header} />
        ),
    });
  }
  return (
    <Table {...frame} pad={pad} columns={[...columns.values()]} rows={table.getRowModel().rows}>
      {(row) => (
        <tr key={row.id} className={rowClassName} data-testid={rowTestId}>
          {row.getAllCells().map((cell) => {
            const column = columns.get(cell.column.id);
            return column ? (
              <Cell key={cell.id} column={column} className={`${pad} align-top`}>
                <FlexRender cell={cell} />
              </Cell>
            ) : null;
          })}
        </tr>
      )}
    </Table>
  );
}
