"use client";

import { useState } from "react";
import { cx } from "@/lib/cx";

/**
 * Copies `text` to the clipboard. The result ("Copied", or a hint to select it by hand
 * when the browser refuses) is announced politely and shown beside the button.
 */
export function CopyButton({ text, label = "Copy", className, testId }: { text: string; label?: string; className?: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = () => {
    // The Clipboard API exists only in secure contexts (https or localhost).
    const clipboard = typeof navigator === "undefined" ? undefined : (navigator.clipboard as Clipboard | undefined);
    if (clipboard === undefined) {
      setState("failed");
      return;
    }
    clipboard.writeText(text).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  };
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
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy: select the text and copy it by hand" : ""}
      </span>
    </span>
  );
}
