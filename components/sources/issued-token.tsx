"use client";

import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { IssuedSourceToken } from "@/lib/validation/sources";
import { UTC_TIME } from "@/lib/time/zone-time";

/**
 * A source token, shown this once: the console keeps only its hash. Focus moves here so
 * a keyboard or screen-reader user lands on it; "Done" forgets it in the browser too.
 */
export function IssuedToken({ issued, onDone }: { issued: IssuedSourceToken; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const fieldId = `issued-token-${issued.id}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.token);
      setCopied("yes");
    } catch {
      // Clipboard refused (an insecure origin, a denied permission): select it for Ctrl-C.
      const input = document.getElementById(fieldId);
      if (input instanceof HTMLInputElement) input.select();
      setCopied("no");
    }
  }

  return (
    <div ref={ref} tabIndex={-1} className="flex flex-col gap-2 outline-none" data-testid="issued-token">
      <Alert tone="warning" title={`The token of ${issued.name}: copy it now, you will not see it again`}>
        The console keeps only its hash. Put it in the sending system&apos;s configuration as <code>Authorization: Bearer &lt;token&gt;</code>.
        {issued.previousTokenExpiresAt !== undefined
          ? issued.previousTokenExpiresAt
            ? ` The previous token keeps working until ${UTC_TIME.at(new Date(issued.previousTokenExpiresAt))}.`
            : " The previous token stopped working now."
          : null}
      </Alert>
      <label htmlFor={fieldId} className="text-sm font-medium text-slate-800">
        Token of {issued.name}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={fieldId}
          readOnly
          value={issued.token}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button variant="secondary" onClick={() => void copy()}>
          Copy token
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done, hide it
        </Button>
      </div>
      <p aria-live="polite" className="text-sm text-slate-700">
        {copied === "yes" ? "Copied to the clipboard." : copied === "no" ? "Copying was refused: the token is selected, press Ctrl-C." : ""}
      </p>
    </div>
  );
}
