"use client";
import { useState } from "react";

export type CopyState = "idle" | "copied" | "failed";

/**
 * Copies text to the clipboard and says how it went: the one clipboard code behind every
 * copy button (the compact ones in tables, the primary "Copy reply").
 */
export function useCopy(text: string): { state: CopyState; copy: () => void } {
  const [state, setState] = useState<CopyState>("idle");
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
  return { state, copy };
}
