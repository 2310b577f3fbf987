import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { resendConfirmationAction } from "@/lib/actions/recovery/resend-confirmation";
import { sendPasswordResetAction } from "@/lib/actions/recovery/send-password-reset";
import { sendUsernameRecoveryAction } from "@/lib/actions/recovery/send-username-recovery";
import type { ActionName, ActionVerdict, Diagnosis } from "@/lib/diagnosis/types";
import { ReactivateControl } from "./reactivate-control";
import { RecoveryDialog } from "./recovery-dialog";

export const ACTION_LABELS: Record<ActionName, string> = {
  send_password_reset: "Send password reset",
  send_username_recovery: "Send username reminder",
  resend_confirmation: "Resend confirmation email",
  reactivate_account: "Reactivate account",
};

/** What each send does, in one line, shown beside its button and in its dialog. */
const CONSEQUENCES: Record<Exclude<ActionName, "reactivate_account">, string> = {
  send_password_reset:
    "The customer gets a single-use link to choose a new password. Any earlier reset link stops working; the password itself changes only when they use it.",
  send_username_recovery: "The customer gets an email with the username on record and a link to sign in; nothing on the account changes.",
  resend_confirmation: "The customer gets a new link to confirm their email address; the account is created when they follow it.",
};

const TEST_IDS: Record<Exclude<ActionName, "reactivate_account">, string> = {
  send_password_reset: "send-reset",
  send_username_recovery: "send-username",
  resend_confirmation: "resend-confirmation",
};

const TITLES: Record<Exclude<ActionName, "reactivate_account">, string> = {
  send_password_reset: "Send a password-reset email",
  send_username_recovery: "Send a username reminder",
  resend_confirmation: "Resend the confirmation email",
};

export type RecoveryTarget = { accountId: number } | { signUpId: number };
type SendName = Exclude<ActionName, "reactivate_account">;

function isSend(name: ActionName): name is SendName {
  return name !== "reactivate_account";
}

/** Which sends exist for this kind of subject at all (the server checks the same). */
function appliesTo(name: SendName, target: RecoveryTarget): boolean {
  return name === "resend_confirmation" ? "signUpId" in target : "accountId" in target;
}

/**
 * The confirmation dialog for one allowed send, or null when the send is refused or
 * does not apply. `testIdPrefix` keeps the header's copy apart from the column's.
 */
export function recoveryDialogFor(
  name: ActionName,
  diagnosis: Diagnosis,
  target: RecoveryTarget,
  recipient: string,
  options: { variant?: "primary" | "secondary"; testIdPrefix?: string } = {},
): ReactNode {
  if (!isSend(name) || !appliesTo(name, target)) return null;
  const verdict = diagnosis.actions[name];
  if (!verdict.allowed) return null;
  const common = {
    label: ACTION_LABELS[name],
    title: TITLES[name],
    description: CONSEQUENCES[name],
    recipient,
    testId: `${options.testIdPrefix ?? ""}${TEST_IDS[name]}`,
    variant: options.variant ?? "secondary",
    warning:
      name === "send_password_reset" && verdict.warning ? { message: verdict.warning.message, items: verdict.warning.integrations.map((i) => i.name) } : null,
  } as const;
  // One dialog per action: each action's input type is its own.
  if ("accountId" in target) {
    return name === "send_password_reset" ? (
      <RecoveryDialog {...common} target={target} action={sendPasswordResetAction} />
    ) : (
      <RecoveryDialog {...common} target={target} action={sendUsernameRecoveryAction} />
    );
  }
  return <RecoveryDialog {...common} target={target} action={resendConfirmationAction} />;
}

/** True when reactivation is worth showing refused: only a ban makes customers ask for it. */
function showsReactivation(diagnosis: Diagnosis): boolean {
  return diagnosis.findings.some((f) => f.code === "ACCOUNT_BANNED" || f.code === "PARENT_BANNED");
}

function refusedReason(verdict: ActionVerdict): string {
  return verdict.allowed ? "" : verdict.reason;
}

/**
 * The action column: one card. The sends the diagnosis allows are buttons, each with
 * what it will do; the refused ones are folded under "Why not …" with their reasons
 * (the server refuses them anyway). Reactivation stays visible, refused, on banned
 * accounts and their subusers, where customers ask for it.
 */
export function RecoveryActions({ diagnosis, target, recipient }: { diagnosis: Diagnosis; target: RecoveryTarget; recipient: string }) {
  const sends = (Object.keys(CONSEQUENCES) as SendName[]).filter((name) => appliesTo(name, target));
  // Recommended first: the one the diagnosis points at is the first button.
  const allowed = sends
    .filter((name) => diagnosis.actions[name].allowed)
    .sort((a, b) => Number(isRecommended(diagnosis.actions[b])) - Number(isRecommended(diagnosis.actions[a])));
  const reactivationVisible = "accountId" in target && showsReactivation(diagnosis);
  const refused = (Object.keys(ACTION_LABELS) as ActionName[]).filter(
    (name) => !diagnosis.actions[name].allowed && !(name === "reactivate_account" && reactivationVisible),
  );
  return (
    <Card title="What support may do">
      <div className="flex flex-col gap-4 text-sm">
        {allowed.length ? (
          <ul className="flex flex-col gap-4">
            {allowed.map((name) => {
              const verdict = diagnosis.actions[name];
              return (
                <li key={name} data-testid={`verdict-${name}`} data-allowed="true" className="flex flex-col items-start gap-1">
                  {recoveryDialogFor(name, diagnosis, target, recipient)}
                  <p className="text-slate-700">{CONSEQUENCES[name]}</p>
                  {verdict.allowed && verdict.recommended && verdict.reason ? (
                    <p className="text-slate-900">
                      <span className="font-medium">Recommended:</span> {verdict.reason}
                    </p>
                  ) : null}
                  {verdict.allowed && verdict.warning ? <p className="text-amber-900">{verdict.warning.message}</p> : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-slate-700" data-testid="no-sends">
            No email can help this customer; the reasons are below.
          </p>
        )}
        {reactivationVisible && "accountId" in target ? (
          <div className="border-t border-slate-200 pt-4" data-testid="verdict-reactivate_account" data-allowed="false">
            {/* Deliberately never enabled: the server refuses reactivation for every role. */}
            <ReactivateControl accountId={target.accountId} reason={refusedReason(diagnosis.actions.reactivate_account)} />
          </div>
        ) : null}
        {refused.length ? (
          <details className="border-t border-slate-200 pt-3" data-testid="refused-actions">
            <summary className="cursor-pointer font-medium text-blue-800">
              Why not {refused.map((name) => ACTION_LABELS[name].toLowerCase()).join(", ")}?
            </summary>
            <dl className="mt-2 flex flex-col gap-2">
              {refused.map((name) => (
                <div key={name} data-testid={`verdict-${name}`} data-allowed="false">
                  <dt className="font-medium text-slate-900">{ACTION_LABELS[name]}: refused</dt>
                  <dd className="text-slate-700">{refusedReason(diagnosis.actions[name])}</dd>
                </div>
              ))}
            </dl>
          </details>
        ) : null}
      </div>
    </Card>
  );
}

function isRecommended(verdict: ActionVerdict): boolean {
  return verdict.allowed && verdict.recommended;
}
