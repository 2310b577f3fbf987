"use client";

import { useId, useState, type FormEvent } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Cell, Table, type Column } from "@/components/ui/table";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ServerAction } from "@/lib/actions/define-action";
import type { CreatedPersonalToken } from "@/lib/actions/staff/create-personal-token";
import type { PersonalTokenDto } from "@/lib/model/staff";
import type { CreatePersonalTokenInput } from "@/lib/validation/staff-api";

const COLUMNS = {
  name: { label: "Name" },
  owner: { label: "Owner" },
  prefix: { label: "Prefix" },
  scopes: { label: "Scopes" },
  lastUsed: { label: "Last used" },
  expires: { label: "Expires" },
  revoke: { label: "Revoke", labelHidden: true },
} satisfies Record<string, Column>;

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
      <Table
        caption="Personal access tokens"
        columns={showOwner ? Object.values(COLUMNS) : Object.values(COLUMNS).filter((c) => c !== COLUMNS.owner)}
        rows={tokens}
        empty={{ title: "No tokens yet.", compact: true }}
        stack="wide"
        pad="py-2 pr-4"
        testId="token-list"
      >
        {(t) => (
          <tr key={t.id} className="border-b border-slate-100 align-top last:border-0" data-testid="token-row">
            <Cell column={COLUMNS.name} className="py-2 pr-4">
              {t.name}
            </Cell>
            {showOwner ? (
              <Cell column={COLUMNS.owner} className="py-2 pr-4">
                {t.owner.email}
              </Cell>
            ) : null}
            <Cell column={COLUMNS.prefix} className="py-2 pr-4 font-mono">
              {t.prefix}
            </Cell>
            <Cell column={COLUMNS.scopes} className="py-2 pr-4">
              {t.scopes.join(", ")}
            </Cell>
            <Cell column={COLUMNS.lastUsed} className="py-2 pr-4">
              {t.lastUsedAt ? at[t.lastUsedAt] : "never"}
            </Cell>
            <Cell column={COLUMNS.expires} className="py-2 pr-4">
              {t.revokedAt ? `revoked ${at[t.revokedAt] ?? ""}` : at[t.expiresAt]}
            </Cell>
            <Cell column={COLUMNS.revoke} className="py-2" wide>
              {t.revokedAt ? null : (
                <Button variant="secondary" disabled={revoking.pending} onClick={() => revoking.run(() => revoke({ tokenId: t.id }))}>
                  Revoke <span className="sr-only">{t.name}</span>
                </Button>
              )}
            </Cell>
          </tr>
        )}
      </Table>
      <ActionFeedback failure={revoking.failure} success={null} />
    </div>
  );
}
