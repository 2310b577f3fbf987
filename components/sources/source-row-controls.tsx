"use client";

import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@/lib/model/action-result";
import { revokeSourceAction } from "@/lib/actions/sources/revoke-source";
import { rotateSourceAction } from "@/lib/actions/sources/rotate-source";
import { updateSourceAction } from "@/lib/actions/sources/update-source";
import { DEFAULT_GRACE_HOURS, isSourceScope, MAX_GRACE_HOURS, type IssuedSourceToken } from "@/lib/validation/sources";
import { IssuedToken } from "./issued-token";
import { ScopeFields } from "./scope-fields";

interface Props {
  source: { id: number; name: string; scopes: string[]; allowedTypes: string[] };
}

type Mode = "idle" | "rotate" | "revoke" | "edit";

/** Rotate, revoke and edit for one live source; one open at a time, each with its own confirmation step. */
export function SourceRowControls({ source }: Props) {
  const { run, pending, failure, reset } = useServerAction();
  const [mode, setMode] = useState<Mode>("idle");
  const [grace, setGrace] = useState(String(DEFAULT_GRACE_HOURS));
  const [scopes, setScopes] = useState(source.scopes.filter(isSourceScope));
  const [types, setTypes] = useState(source.allowedTypes.join(", "));
  const [issued, setIssued] = useState<IssuedSourceToken | null>(null);
  const [success, setSuccess] = useState<string | null>(null);

  function open(next: Mode) {
    reset();
    setSuccess(null);
    setMode(next);
  }

  function act<T>(call: () => Promise<ActionResult<T>>, onDone: (data: T) => void) {
    setSuccess(null);
    run(call, (data) => {
      setMode("idle");
      onDone(data);
    });
  }

  const id = `source-${source.id}`;
  return (
    <div className="flex min-w-72 flex-col gap-2">
      {mode === "idle" ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => open("rotate")}>
            Rotate token…
          </Button>
          <Button variant="secondary" onClick={() => open("edit")}>
            Edit scopes and types…
          </Button>
          <Button variant="secondary" onClick={() => open("revoke")}>
            Revoke…
          </Button>
        </div>
      ) : null}

      {mode === "rotate" ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            act(
              () => rotateSourceAction({ sourceId: source.id, graceHours: grace }),
              (data) => setIssued(data),
            );
          }}
        >
          <Input
            label="Old token keeps working for (hours)"
            id={`${id}-grace`}
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_GRACE_HOURS}
            value={grace}
            onChange={(e) => setGrace(e.currentTarget.value)}
            hint="Time for the sender to switch to the new token; 0 ends the old one now."
            error={failure?.fieldErrors?.graceHours?.[0]}
          />
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Rotating…" : `Rotate the token of ${source.name}`}
            </Button>
            <Button variant="ghost" disabled={pending} onClick={() => open("idle")}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}

      {mode === "revoke" ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-slate-700">Every token of {source.name} stops working at once, for good. Its history stays.</p>
          <div className="flex gap-2">
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                act(
                  () => revokeSourceAction({ sourceId: source.id }),
                  () => setSuccess(`${source.name} is revoked.`),
                )
              }
            >
              {pending ? "Revoking…" : `Revoke ${source.name} now`}
            </Button>
            <Button variant="ghost" disabled={pending} onClick={() => open("idle")}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}

      {mode === "edit" ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            act(
              () => updateSourceAction({ sourceId: source.id, scopes, allowedTypes: types }),
              () => setSuccess(`${source.name} was updated.`),
            );
          }}
        >
          <ScopeFields idPrefix={id} scopes={scopes} onChange={setScopes} error={failure?.fieldErrors?.scopes?.[0]} />
          <Input
            label="Allowed event types"
            id={`${id}-types`}
            value={types}
            onChange={(e) => setTypes(e.currentTarget.value)}
            hint="Comma-separated. Empty allows every type."
            error={failure?.fieldErrors?.allowedTypes?.[0]}
          />
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
            <Button variant="ghost" disabled={pending} onClick={() => open("idle")}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}

      <ActionFeedback failure={failure} success={success} />
      {issued ? <IssuedToken issued={issued} onDone={() => setIssued(null)} /> : null}
    </div>
  );
}
