"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { reactivateAccountAction } from "@/lib/actions/accounts/reactivate-account";
import type { ActionResult } from "@/lib/model/action-result";

/**
 * Reactivation is deliberately disabled. The button stays in a real form wired to the
 * server action so that someone who enables it in the browser's developer tools meets
 * the server's refusal (audited), not a silent success.
 */
export function ReactivateControl({ accountId, reason }: { accountId: number; reason: string }) {
  const [result, submit, pending] = useActionState<ActionResult<never> | null, FormData>((_previous, form) => reactivateAccountAction(form), null);
  return (
    <form action={submit}>
      <input type="hidden" name="accountId" value={accountId} />
      <button
        type="submit"
        disabled
        aria-describedby="reactivate-why"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-500"
        data-testid="reactivate-button"
      >
        {pending ? "Asking…" : "Reactivate account"}
      </button>
      <p id="reactivate-why" className="mt-1 text-sm text-slate-700">
        {reason}
      </p>
      {result && !result.ok ? (
        <div className="mt-2">
          <Alert tone="danger" live title="Refused by the server">
            {result.message}
          </Alert>
        </div>
      ) : null}
    </form>
  );
}
