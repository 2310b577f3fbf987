"use client";

import { useRef, useState, type FormEvent } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useServerAction } from "@/components/ui/use-server-action";
import { createSourceAction } from "@/lib/actions/sources/create-source";
import { DEFAULT_EVENTS_PER_SECOND, MAX_EVENTS_PER_SECOND, type IssuedSourceToken, type SourceScopeOption } from "@/lib/validation/sources";
import { IssuedToken } from "./issued-token";
import { ScopeFields } from "./scope-fields";

export function CreateSourceForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const { run, pending, failure, reset } = useServerAction<IssuedSourceToken>();
  const [scopes, setScopes] = useState<SourceScopeOption[]>(["ingest"]);
  const [issued, setIssued] = useState<IssuedSourceToken | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (field: string) => {
      const value = form.get(field);
      return typeof value === "string" ? value : "";
    };
    setIssued(null);
    run(
      () =>
        createSourceAction({
          name: text("name"),
          scopes,
          allowedTypes: text("allowedTypes"),
          maxEventsPerSecond: text("maxEventsPerSecond"),
        }),
      (created) => {
        setIssued(created);
        formRef.current?.reset();
        setScopes(["ingest"]);
      },
    );
  }

  const fieldError = (field: string) => failure?.fieldErrors?.[field]?.[0];

  return (
    <div className="flex flex-col gap-4">
      {/* Above the form, where the eye is after Create: under it, the token sat below the fold on a phone. */}
      {issued ? (
        <IssuedToken
          issued={issued}
          onDone={() => {
            setIssued(null);
            reset();
          }}
        />
      ) : null}
      <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-busy={pending}>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Input
            label="Name"
            name="name"
            id="new-source-name"
            autoComplete="off"
            required
            maxLength={63}
            placeholder="platform-prod"
            hint="Lower-case letters, digits and hyphens; it names the source in the audit trail."
            error={fieldError("name")}
          />
          <ScopeFields idPrefix="new-source" scopes={scopes} onChange={setScopes} error={fieldError("scopes")} />
          <Input
            label="Allowed event types"
            name="allowedTypes"
            id="new-source-types"
            autoComplete="off"
            placeholder="account.created, login.attempted"
            hint="Comma-separated. Leave empty to allow every type."
            error={fieldError("allowedTypes")}
          />
          <Input
            label="Events per second"
            name="maxEventsPerSecond"
            id="new-source-rate"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_EVENTS_PER_SECOND}
            defaultValue={DEFAULT_EVENTS_PER_SECOND}
            hint="Above this the source is answered 429 with Retry-After."
            error={fieldError("maxEventsPerSecond")}
          />
        </div>
        <ActionFeedback failure={failure} success={issued ? `${issued.name} was created.` : null} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create source"}
          </Button>
        </div>
      </form>
    </div>
  );
}
