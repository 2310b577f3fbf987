"use client";

import { useId, useState, type FormEvent } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ServerAction } from "@/lib/actions/define-action";
import type { CreatedPersonalToken } from "@/lib/actions/staff/create-personal-token";
import type { PersonalTokenDto } from "@/lib/model/staff";
import type { CreatePersonalTokenInput } from "@/lib/validation/staff-api";

/**
 * Personal access tokens for the staff API: create one (its secret shown once, here, and
 * never again), see each with its last use, revoke it. Admins see everyone's.
 */
export function PersonalTokens({
  tokens,
  showOwner,
  create,
  revoke,
  at,
}: {
  tokens: readonly PersonalTokenDto[];
  showOwner: boolean;
  create: ServerAction<CreatePersonalTokenInput, CreatedPersonalToken>;
  revoke: ServerAction<{ tokenId: number }, { tokenId: number }>;
  /** Times as the viewer reads them (their zone), formatted on the server. */
  at: Record<string, string>;
}) {
  const creating = useServerAction<CreatedPersonalToken>();
  const revoking = useServerAction<{ tokenId: number }>();
  const [created, setCreated] = useState<CreatedPersonalToken | null>(null);
  const ids = { name: useId(), days: useId() };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = form.getAll("scopes").filter((s): s is "read" | "act" => s === "read" || s === "act");
    setCreated(null);
    creating.run(
      () => {
        const name = form.get("name");
        return create({ name: typeof name === "string" ? name : "", scopes, expiresInDays: Number(form.get("expiresInDays")) });
      },
      (data) => setCreated(data),
    );
  };
  const errors = creating.failure?.fieldErrors;

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-3" data-testid="create-token-form" aria-busy={creating.pending}>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.name} className="text-sm font-medium text-slate-800">
            Name
          </label>
          <input id={ids.name} name="name" placeholder="e.g. Zendesk sidebar" className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
          {errors?.name ? <p className="text-sm text-red-700">{errors.name[0]}</p> : null}
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <label className="text-sm">
            <input type="checkbox" name="scopes" value="read" defaultChecked /> read: search and customer details
          </label>
          <label className="text-sm">
            <input type="checkbox" name="scopes" value="act" /> act: send recovery emails
          </label>
          {errors?.scopes ? <p className="text-sm text-red-700">{errors.scopes[0]}</p> : null}
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.days} className="text-sm font-medium text-slate-800">
            Expires after (days, at most 90)
          </label>
          <input
            id={ids.days}
            name="expiresInDays"
            type="number"
            min={1}
            max={90}
            defaultValue={30}
            className="w-32 rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          {errors?.expiresInDays ? <p className="text-sm text-red-700">{errors.expiresInDays[0]}</p> : null}
        </div>
        <div>
          <Button type="submit" disabled={creating.pending} data-testid="create-token">
            {creating.pending ? "Creating…" : "Create token"}
          </Button>
        </div>
        <ActionFeedback failure={creating.failure} success={null} />
      </form>
      {created ? (
        <div role="status" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-token">
          <p>Copy this token now: it is shown once and cannot be shown again.</p>
          <code className="font-mono break-all" data-testid="new-token-secret">
            {created.token}
          </code>
          <CopyButton text={created.token} label="Copy token" />
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600">No tokens yet.</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="token-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {showOwner ? <th scope="col">Owner</th> : null}
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-testid="token-row">
                <td>{t.name}</td>
                {showOwner ? <td>{t.owner.email}</td> : null}
                <td className="font-mono">{t.prefix}</td>
                <td>{t.scopes.join(", ")}</td>
                <td>{t.lastUsedAt ? at[t.lastUsedAt] : "never"}</td>
                <td>{t.revokedAt ? `revoked ${at[t.revokedAt] ?? ""}` : at[t.expiresAt]}</td>
                <td>
                  {t.revokedAt ? null : (
                    <Button variant="secondary" disabled={revoking.pending} onClick={() => revoking.run(() => revoke({ tokenId: t.id }))}>
                      Revoke <span className="sr-only">{t.name}</span>
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ActionFeedback failure={revoking.failure} success={null} />
    </div>
  );
}
