"use client";

import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ServerAction } from "@/lib/actions/define-action";

export function RetryEmailButton({ outboxId, action }: { outboxId: number; action: ServerAction<{ outboxId: number }, unknown> }) {
  const { run, pending, result } = useServerAction();
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" disabled={pending} onClick={() => run(() => action({ outboxId }))}>
        {pending ? "Retrying…" : "Retry"}
      </Button>
      {result ? (
        <span role="status" className="text-xs text-slate-700">
          {result.ok ? "Queued again." : result.message}
        </span>
      ) : null}
    </span>
  );
}
