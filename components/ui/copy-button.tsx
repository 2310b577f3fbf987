"use client";

import { cx } from "@/lib/cx";
import { useCopy } from "./use-copy";

/**
 * Copies `text` to the clipboard. The result ("Copied", or a hint to select it by hand
 * when the browser refuses) is announced politely and shown beside the button.
 * `compact`: a small icon button for table cells, named by `label` ("Copy email"); its
 * result shows as one word so the cell keeps its width.
 */
export function CopyButton({
  text,
  label = "Copy",
  className,
  testId,
  compact = false,
}: {
  text: string;
  label?: string;
  className?: string;
  testId?: string;
  compact?: boolean;
}) {
  const { state, copy } = useCopy(text);
  const message = state === "copied" ? "Copied" : state === "failed" ? "Could not copy: select the text and copy it by hand" : "";
  if (compact) {
    return (
      <span className={cx("inline-flex shrink-0 items-center gap-1", className)}>
        <button
          type="button"
          onClick={copy}
          aria-label={label}
          title={label}
          // 24 px at least (WCAG 2.2 target size): at 22 px the button under a result's
          // link failed axe's target-size rule on the search results.
          className="inline-flex min-h-6 min-w-6 items-center justify-center rounded p-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          data-testid={testId}
        >
          {/* Two overlapping sheets: the usual copy symbol. */}
          <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
          </svg>
        </button>
        <span role="status" aria-live="polite" className="text-xs text-slate-700">
          {state === "idle" ? "" : <span aria-hidden="true">{state === "copied" ? "Copied" : "Not copied"}</span>}
          <span className="sr-only">{message}</span>
        </span>
      </span>
    );
  }
  return (
    <span className={cx("inline-flex items-center gap-2", className)}>
      <button
        type="button"
        onClick={copy}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-900 hover:bg-slate-50"
        data-testid={testId}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className="text-xs text-slate-700">
        {message}
      </span>
    </span>
  );
}
