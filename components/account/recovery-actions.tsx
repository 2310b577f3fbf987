import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { resendConfirmationAction } from "@/lib/actions/recovery/resend-confirmation";
import { sendPasswordResetAction } from "@/lib/actions/recovery/send-password-reset";
import { sendUsernameRecoveryAction } from "@/lib/actions/recovery/send-username-recovery";
import type { ActionPlan } from "@/lib/diagnosis/action-plan";
import type { ActionName, ActionVerdict, Diagnosis } from "@/lib/diagnosis/types";
import { Badge } from "@/components/ui/badge";
import { CopyReplyButton } from "./copy-reply-button";
import { PrimarySlot } from "./primary-slot";
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
  options: { variant?: "primary" | "secondary"; testIdPrefix?: string; plan?: ActionPlan | null } = {},
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
    ...noticesFor(name, options.plan ?? null),
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

/** What the plan says before this send: a live link it cancels, the hour's count, the limit. */
function noticesFor(name: SendName, plan: ActionPlan | null): { notices: string[]; disabledReason: string | null } {
  if (plan === null) return { notices: [], disabledReason: null };
  const notices = [plan.cancelsLiveLink?.action === name ? plan.cancelsLiveLink.text : null, plan.quota?.disabledUntil ? null : (plan.quota?.text ?? null)];
  return { notices: notices.filter((n) => n !== null), disabledReason: plan.quota?.disabledUntil ? plan.quota.text : null };
}

/**
 * The primary action beside the verdict (issue #21 item 3): the top finding's own fix, or
 * copying the reply when no send fixes it (a lock, a revoked key, a ban) or the fix has
 * gone out already.
 */
export function PrimaryAction({
  plan,
  diagnosis,
  target,
  recipient,
  replyText,
}: {
  plan: ActionPlan;
  diagnosis: Diagnosis;
  target: RecoveryTarget;
  recipient: string;
  replyText: string;
}) {
  return (
    <PrimarySlot>
      {plan.primary.kind === "send" ? (
        recoveryDialogFor(plan.primary.action, diagnosis, target, recipient, { variant: "primary", testIdPrefix: "primary-", plan })
      ) : (
        <CopyReplyButton text={replyText} />
      )}
    </PrimarySlot>
  );
}

/** True when reactivation is worth showing refused: only a ban makes customers ask for it. */
function showsReactivation(diagnosis: Diagnosis): boolean {
  return diagnosis.findings.some((f) => f.code === "ACCOUNT_BANNED" || f.code === "PARENT_BANNED");
}

function refusedReason(verdict: ActionVerdict): string {
  return verdict.allowed ? "" : verdict.reason;
}

/**
 * The action column: one card. The sends that fit the top finding are buttons, each with
 * what it will do; the sends that do not fit fold under "Other actions", each marked "not
 * for this problem" (with when it could work, beside a lock); the refused ones fold under
 * "Why not …" with their reasons (the server refuses them anyway). Reactivation stays
 * visible, refused, on banned accounts and their subusers, where customers ask for it.
 */
export function RecoveryActions({ diagnosis, target, recipient, plan }: { diagnosis: Diagnosis; target: RecoveryTarget; recipient: string; plan: ActionPlan }) {
  const primaryName = plan.primary.kind === "send" ? plan.primary.action : null;
  // The primary is listed here too, with its consequence and why it is recommended.
  const fitting = [...(primaryName ? [{ action: primaryName, fits: true, note: null }] : []), ...plan.others.filter((o) => o.fits)].filter((o) =>
    appliesTo(o.action, target),
  );
  const unfit = plan.others.filter((o) => !o.fits && appliesTo(o.action, target));
  const reactivationVisible = "accountId" in target && showsReactivation(diagnosis);
  const refused = (Object.keys(ACTION_LABELS) as ActionName[]).filter(
    (name) => !diagnosis.actions[name].allowed && !(name === "reactivate_account" && reactivationVisible),
  );
  const item = (name: SendName, note: string | null, fits: boolean) => {
    const verdict = diagnosis.actions[name];
    return (
      <li key={name} data-testid={`verdict-${name}`} data-allowed="true" data-fits={fits ? "true" : "false"} className="flex flex-col items-start gap-1">
        {fits ? null : <Badge tone="neutral">not for this problem</Badge>}
        {recoveryDialogFor(name, diagnosis, target, recipient, { plan })}
        {note && note !== "Send again" ? <p className="text-slate-900">{note}</p> : null}
        <p className="text-slate-700">{CONSEQUENCES[name]}</p>
        {fits && verdict.allowed && verdict.recommended && verdict.reason ? (
          <p className="text-slate-900">
            <span className="font-medium">Recommended:</span> {verdict.reason}
          </p>
        ) : null}
        {verdict.allowed && verdict.warning ? <p className="text-amber-900">{verdict.warning.message}</p> : null}
      </li>
    );
  };
  return (
    <Card title="What support may do">
      <div className="flex flex-col gap-4 text-sm">
        {fitting.length ? <ul className="flex flex-col gap-4">{fitting.map((o) => item(o.action, o.note, true))}</ul> : null}
        {!primaryName && !fitting.length ? (
          <p className="text-slate-700" data-testid="no-sends">
            No email fixes this problem: copy the reply beside the verdict.
          </p>
        ) : null}
        {unfit.length ? (
          <details className="border-t border-slate-200 pt-3" data-testid="other-actions">
            <summary className="cursor-pointer py-0.5 font-medium text-blue-800">Other actions ({unfit.length})</summary>
            <ul className="mt-2 flex flex-col gap-4">{unfit.map((o) => item(o.action, o.note, false))}</ul>
          </details>
        ) : null}
        {reactivationVisible && "accountId" in target ? (
          <div className="border-t border-slate-200 pt-4" data-testid="verdict-reactivate_account" data-allowed="false">
            {/* Deliberately never enabled: the server refuses reactivation for every role. */}
            <ReactivateControl accountId={target.accountId} reason={refusedReason(diagnosis.actions.reactivate_account)} />
          </div>
        ) : null}
        {refused.length ? (
          <details className="border-t border-slate-200 pt-3" data-testid="refused-actions">
            <summary className="cursor-pointer py-0.5 font-medium text-blue-800">
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
