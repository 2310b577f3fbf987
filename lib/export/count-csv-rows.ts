// Counts CSV records in text that arrives in chunks (the export button's progress).
// A newline inside a quoted field is data, not a record end, so the counter tracks
// whether it is inside quotes across chunk boundaries. An escaped quote ("") toggles
// twice and so leaves the state unchanged.

export interface CsvRowCounter {
  /** Feeds the next decoded chunk; returns the number of complete records so far. */
  push(text: string): number;
  readonly records: number;
}

export function createCsvRowCounter(): CsvRowCounter {
  let inQuotes = false;
  let records = 0;
  return {
    push(text: string) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34 /* " */) inQuotes = !inQuotes;
        else if (c === 10 /* \n */ && !inQuotes) records++;
      }
      return records;
    },
    get records() {
      return records;
    },
  };
}
