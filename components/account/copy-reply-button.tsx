"use client";
// The primary action when no send fits or the fix is already on its way (issue #21 item
// 3): copying the composed reply, as a primary button beside the verdict.
import { Button } from "@/components/ui/button";
import { useCopy } from "@/components/ui/use-copy";

export function CopyReplyButton({ text, testId = "primary-copy-reply" }: { text: string; testId?: string }) {
  const { state, copy } = useCopy(text);
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="primary" onClick={copy} data-testid={testId}>
        Copy reply
      </Button>
      <span role="status" aria-live="polite" className="text-xs text-slate-700">
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy: select the reply and copy it by hand" : ""}
      </span>
    </span>
  );
}
