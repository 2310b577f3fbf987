import type { ComponentPropsWithRef, ReactNode } from "react";
import { cx } from "@/lib/cx";
import { EmptyState, type EmptyStateProps } from "./empty-state";

// The console's tables, server- or client-rendered: no hooks here, so a server component
// renders one without shipping script. TanStack tables go through ./tanstack-table.tsx,
// which renders this one.

/** One column: its header and the label its cells show when the table stacks. */
export type Column = {
  /** Keys the header cell; the label when omitted. */
  id?: string;
  /**
   * The column's name: the header's text, and the `data-label` each of its cells shows
   * above its value when the table stacks into one card per row. Empty: no label.
   */
  label: string;
  /** What the header shows instead of the label (a sort link); the cells keep the label. */
  header?: ReactNode;
  /** A header for screen readers only (a column of controls), whose cells show no label. */
  labelHidden?: boolean;
  /** The header's `aria-sort`, on the column the rows are ordered by. */
  sort?: "ascending" | "descending";
  headClassName?: string;
};

/**
 * When the table becomes one card per row (app/globals.css): `narrow` below a 40rem
 * container (four or five short columns, as in a half-width card), `wide` below 64rem
 * (the wide lists), `none` never (a strip that scrolls sideways in its own box).
 */
export type Stack = "narrow" | "wide" | "none";

const STACK_CLASS: Record<Stack, string | undefined> = { narrow: "stacked-table", wide: "stacked-table-wide", none: undefined };

/**
 * The header row's look: `plain` for the wide lists (sentence-case names), `caps` for
 * small uppercase names (boxed tables and the account page's panels).
 */
export type HeadLook = "plain" | "caps";

const HEAD: Record<HeadLook, { row: string; sticky: string; cell: string }> = {
  plain: { row: "border-b border-slate-200 text-slate-600", sticky: "bg-white", cell: "font-medium" },
  caps: { row: "border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase", sticky: "bg-slate-50", cell: "font-semibold" },
};

export type TableProps<Row> = {
  /** Names the table: read by screen readers, shown only when `captionVisible`. */
  caption?: ReactNode;
  captionVisible?: boolean;
  /** The table's name as `aria-label`, for a table whose heading is elsewhere on the page. */
  label?: string;
  columns: readonly Column[];
  rows: readonly Row[];
  /** One `<tr>` a row, with its own key; cells through `Cell`, so they carry their label. */
  children: (row: Row, index: number) => ReactNode;
  /** Shown instead of the table when there are no rows; nothing when omitted. */
  empty?: EmptyStateProps;
  stack: Stack;
  head?: HeadLook;
  /**
   * The header row stays at the top of the window while the rows scroll under it. It can
   * only stick to the window when no box around the table scrolls: the stacking is what
   * lets these tables fit without one.
   */
  sticky?: boolean;
  /** Inside its own bordered box, rather than in a card that already draws one. */
  boxed?: boolean;
  /** The header cells' padding: the same as the body cells', so columns line up. */
  pad?: string;
  testId?: string;
  /** The body's props (its id, a ref and a key handler for tables driven by arrows). */
  bodyProps?: ComponentPropsWithRef<"tbody">;
};

export function Table<Row>({
  caption,
  captionVisible = false,
  label,
  columns,
  rows,
  children,
  empty,
  stack,
  head = "plain",
  sticky = false,
  boxed = false,
  pad = "px-2 py-2",
  testId,
  bodyProps,
}: TableProps<Row>) {
  if (rows.length === 0) return empty ? <EmptyState {...empty} /> : null;
  const look = HEAD[head];
  const table = (
    <table className={cx(STACK_CLASS[stack], "w-full text-left text-sm")} aria-label={label} data-testid={testId}>
      {caption ? <caption className={captionVisible ? "pb-2 text-left text-sm font-semibold text-slate-900" : "sr-only"}>{caption}</caption> : null}
      <thead className={cx(look.row, sticky && `sticky top-0 z-10 ${look.sticky}`)}>
        <tr>
          {columns.map((column) => (
            <th key={column.id ?? column.label} scope="col" className={cx(pad, look.cell, column.headClassName)} aria-sort={column.sort}>
              {column.labelHidden ? <span className="sr-only">{column.label}</span> : (column.header ?? column.label)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody {...bodyProps}>{rows.map(children)}</tbody>
    </table>
  );
  // A stacking table's wrapper is the container its width is measured against.
  if (stack === "none" && !boxed) return table;
  return <div className={cx(stack !== "none" && "@container", boxed && "rounded-lg border border-slate-200 bg-white")}>{table}</div>;
}

/**
 * A body cell of `column`: it names its column (`data-label`) for the stacked layout.
 * `rowHeader`: the row's own name (`<th scope="row">`), the title of its card, unlabelled.
 * `wide`: takes a stacked card's whole width (controls, long text).
 */
export function Cell({
  column,
  rowHeader = false,
  wide = false,
  className,
  children,
  ...rest
}: { column: Column; rowHeader?: boolean; wide?: boolean } & Omit<ComponentPropsWithRef<"td">, "children"> & { children?: ReactNode }) {
  if (rowHeader) {
    return (
      <th scope="row" className={className} data-wide={wide || undefined} {...rest}>
        {children}
      </th>
    );
  }
  return (
    <td className={className} data-label={column.labelHidden || !column.label ? undefined : column.label} data-wide={wide || undefined} {...rest}>
      {children}
    </td>
  );
}
