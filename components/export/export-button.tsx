"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { createCsvRowCounter } from "@/lib/export/count-csv-rows";

/** Header a streaming export may send with the number of rows it expects. */
export const EXPORT_TOTAL_HEADER = "X-Export-Total";

type State =
  | { phase: "idle" }
  | { phase: "running"; rows: number; total: number | null }
  | { phase: "done"; rows: number; fileName: string }
  | { phase: "cancelled"; rows: number }
  | { phase: "failed"; message: string };

const count = (n: number) => n.toLocaleString("en-US");

function fileNameFrom(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="([^"]+)"/.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

async function failureMessage(response: Response): Promise<string> {
  if (response.status === 400) {
    // The export route answers a bad filter with a short plain-text message.
    const text = response.headers.get("content-type")?.startsWith("text/plain") ? (await response.text()).slice(0, 300) : "";
    return text || "The filter is not valid. Check the fields and try again.";
  }
  if (response.status === 401) return "Your session has ended. Sign in again, then export.";
  if (response.status === 403) return "Your role does not include this export.";
  return `The export failed (HTTP ${response.status}). Try again; if it keeps failing, tell an admin.`;
}

/**
 * Downloads a streamed CSV export with live progress. It reads the response body as it
 * arrives (counting records, quote-aware), shows a progress bar when the server says how
 * many rows to expect, can be cancelled, and saves the file only once it is complete, so
 * a broken connection never leaves a short file that looks whole. The page around it
 * keeps its state whatever happens.
 */
export function ExportButton({
  href,
  fileName,
  label = "Export CSV",
  disabled = false,
}: {
  href: string;
  fileName: string;
  label?: string;
  disabled?: boolean;
}) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const abortRef = useRef<AbortController | null>(null);

  // Leaving the page ends the download (and with it the server's queries).
  useEffect(() => () => abortRef.current?.abort(), []);

  async function run() {
    const controller = new AbortController();
    abortRef.current = controller;
    setState({ phase: "running", rows: 0, total: null });
    let rows = 0;
    try {
      const response = await fetch(href, { signal: controller.signal, cache: "no-store" });
      if (!response.ok || !response.body) {
        setState({ phase: "failed", message: await failureMessage(response) });
        return;
      }
      // An ended session is answered with a redirect to the sign-in page, which fetch
      // follows: without this check the sign-in page's HTML would be saved as the CSV.
      if (!response.headers.get("content-type")?.startsWith("text/csv")) {
        await response.body.cancel();
        setState({
          phase: "failed",
          // Exports only redirect when the session is gone (to sign-in, which may bounce on).
          message:
            response.redirected || new URL(response.url).pathname.startsWith("/sign-in")
              ? "Your session has ended. Sign in again, then export."
              : "The server did not send a CSV file. Reload the page and try again.",
        });
        return;
      }
      const totalHeader = Number(response.headers.get(EXPORT_TOTAL_HEADER));
      const total = Number.isFinite(totalHeader) && totalHeader >= 0 && response.headers.has(EXPORT_TOTAL_HEADER) ? totalHeader : null;
      const name = fileNameFrom(response.headers.get("content-disposition"), fileName);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const counter = createCsvRowCounter();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        // The first record is the header.
        rows = Math.max(0, counter.push(decoder.decode(value, { stream: true })) - 1);
        setState({ phase: "running", rows, total });
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked on the next tick: the click has started the download by then.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setState({ phase: "done", rows, fileName: name });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: "cancelled", rows });
      else {
        console.error("export failed", error);
        setState({
          phase: "failed",
          message: `The export stopped after ${count(rows)} rows (the connection broke or the server failed). Nothing was saved. Try again.`,
        });
      }
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  }

  const running = state.phase === "running";
  const status =
    state.phase === "running"
      ? "Exporting…"
      : state.phase === "done"
        ? `Export finished: ${count(state.rows)} rows saved to ${state.fileName}.`
        : state.phase === "cancelled"
          ? `Export cancelled after ${count(state.rows)} rows. Nothing was saved.`
          : state.phase === "failed"
            ? state.message
            : "";

  return (
    <div className="flex flex-col gap-2" data-testid="export">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => void run()} disabled={disabled || running}>
          {label}
        </Button>
        {running ? (
          <Button variant="ghost" onClick={() => abortRef.current?.abort()}>
            Cancel export
          </Button>
        ) : null}
      </div>
      {state.phase === "running" ? (
        <div className="flex items-center gap-3 text-sm text-slate-700">
          {state.total !== null && state.total > 0 ? (
            <progress className="h-2 w-48" aria-label="Export progress" max={state.total} value={Math.min(state.rows, state.total)} />
          ) : (
            <progress className="h-2 w-48" aria-label="Export progress" />
          )}
          <span className="tabular-nums" data-testid="export-progress">
            {count(state.rows)}
            {state.total !== null ? ` of ${count(state.total)}` : ""} rows exported…
          </span>
        </div>
      ) : null}
      {/* Always rendered so screen readers pick up changes; the running count stays out of
          it, or every batch would be read aloud. */}
      <p aria-live="polite" role="status" className={state.phase === "failed" ? "text-sm text-red-700" : "text-sm text-slate-700"}>
        {status}
      </p>
    </div>
  );
}
