// CSV encoding for the console's exports (RFC 4180), shared by every export route.
//
// Two rules beyond RFC 4180:
// - Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or
//   CR, which some apps skip before looking) as a formula, also after leading spaces or
//   other white space (`  =1+2` is still a formula in Excel, LibreOffice and Sheets), and
//   audit fields hold text a customer or a staff user typed. Such string cells get a
//   leading apostrophe, which spreadsheets show as text. Numbers are never prefixed, so
//   -5 stays a number.
// - Values stay exact: newlines inside a value are kept (quoted), not replaced. Readers
//   that count rows must be quote-aware (see count-csv-rows.ts).

export type CsvCell = string | number | bigint | boolean | Date | null | undefined;

/** Byte order mark: Excel reads a UTF-8 CSV as UTF-8 only when the file starts with it. */
export const CSV_BOM = "\uFEFF";

/** Lines end in CRLF, as RFC 4180 says and Excel expects. */
export const CSV_EOL = "\r\n";

const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, escaped and (when needed) quoted. null and undefined are empty. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "string") text = FORMULA_START.test(value) ? `'${value}` : value;
  else text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, terminated by CRLF. */
export function csvRow(values: readonly CsvCell[]): string {
  return values.map(csvField).join(",") + CSV_EOL;
}
