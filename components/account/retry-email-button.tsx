"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

export function RetryEmailButton({ outboxId, action }: { outboxId: number; action: (input: unknown) => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await action({ outboxId });
            setMessage(result.ok ? "Queued again." : result.message);
            if (result.ok) router.refresh();
          })
        }
      >
        {pending ? "Retrying…" : "Retry"}
      </Button>
      {message ? (
        <span role="status" className="text-xs text-slate-700">
          {message}
        </span>
      ) : null}
    </span>
  );
}
