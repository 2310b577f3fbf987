"use client";

import { SOURCE_SCOPE_OPTIONS, type SourceScopeOption } from "@/lib/validation/sources";

const SCOPE_HINTS: Record<SourceScopeOption, string> = {
  ingest: "ingest: send customer events",
  redeem: "redeem: redeem the reset and confirmation links the console emails",
};

/** The scope checkboxes, as one group with its error, shared by the create and edit forms. */
export function ScopeFields({
  idPrefix,
  scopes,
  onChange,
  error,
}: {
  idPrefix: string;
  scopes: SourceScopeOption[];
  onChange: (scopes: SourceScopeOption[]) => void;
  error?: string;
}) {
  const errorId = `${idPrefix}-scopes-error`;
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">Scopes</legend>
      {SOURCE_SCOPE_OPTIONS.map((scope) => (
        <label key={scope} className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name="scopes"
            value={scope}
            checked={scopes.includes(scope)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
          />
          {SCOPE_HINTS[scope]}
        </label>
      ))}
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
