"use client";
// The one way a client component calls a server action: a transition (so the button
// can say "Sending…"), the closed result kept for the feedback, and the page refreshed
// after a success so server components show the change.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionFailure, ActionResult } from "@/lib/model/action-result";

export interface ServerActionState<T> {
  /** Calls the action (any action: a component may hold several) once. */
  run: <R extends T>(call: () => Promise<ActionResult<R>>, onSuccess?: (data: R) => void) => void;
  pending: boolean;
  result: ActionResult<T> | null;
  failure: ActionFailure | null;
  /** Forgets the last answer (e.g. when a dialog opens again). */
  reset: () => void;
}

export function useServerAction<T = unknown>(options: { refresh?: boolean } = {}): ServerActionState<T> {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<T> | null>(null);
  const refresh = options.refresh ?? true;
  return {
    run(call, onSuccess) {
      startTransition(async () => {
        const answer = await call();
        setResult(answer);
        if (answer.ok) {
          onSuccess?.(answer.data);
          if (refresh) router.refresh();
        }
      });
    },
    pending,
    result,
    failure: result && !result.ok ? result : null,
    reset: () => setResult(null),
  };
}
