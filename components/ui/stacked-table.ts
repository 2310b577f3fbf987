// Helpers for tables styled with `.stacked-table` / `.stacked-table-wide` (app/globals.css),
// which become one card per row in a narrow container.

/** A column's header as the label a stacked row shows above the cell's value. */
export function headerText(header: unknown): string | undefined {
  return typeof header === "string" ? header : undefined;
}
