// The importer's progress line: events/s, done/total and ETA. Total is estimated from
// the share of the file read (for a .gz file, of the compressed bytes), so it needs no
// first pass over a file that may be gigabytes.

export interface ProgressState {
  events: number;
  bytesRead: number;
  fileBytes: number;
  elapsedMs: number;
  /** Events done before this run (a resumed import). */
  resumedFrom: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");

export function formatProgress(state: ProgressState, width = 24): string {
  const fraction = state.fileBytes > 0 ? Math.min(1, state.bytesRead / state.fileBytes) : 1;
  const filled = Math.round(fraction * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const thisRun = state.events - state.resumedFrom;
  const rate = state.elapsedMs > 0 ? thisRun / (state.elapsedMs / 1000) : 0;
  // The events in the whole file, extrapolated from the bytes read so far in this run.
  const total = fraction > 0 ? state.events / fraction : Number.NaN;
  const eta = rate > 0 && fraction < 1 ? (total - state.events) / rate : fraction >= 1 ? 0 : Number.NaN;
  const totalText = fraction >= 1 ? count(state.events) : Number.isFinite(total) ? `~${count(total)}` : "?";
  return `[${bar}] ${(fraction * 100).toFixed(1)}%  ${count(state.events)}/${totalText} events  ${count(rate)} ev/s  ETA ${formatDuration(eta)}`;
}
