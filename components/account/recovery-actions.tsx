import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { resendConfirmationAction } from "@/lib/actions/recovery/resend-confirmation";
import { sendPasswordResetAction } from "@/lib/actions/recovery/send-password-reset";
import { sendUsernameRecoveryAction } from "@/lib/actions/recovery/send-username-recovery";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { RecoveryDialog } from "./recovery-dialog";

/**
 * The sends the diagnosis allows, each behind a confirmation dialog. Refused ones are
 * not offered (the verdicts above say why), and the server refuses them anyway.
 */
export function RecoveryActions({
  diagnosis,
  target,
  recipient,
}: {
  diagnosis: Diagnosis;
  target: { accountId: number } | { signUpId: number };
  recipient: string;
}) {
  const { send_password_reset: reset, send_username_recovery: username, resend_confirmation: confirmation } = diagnosis.actions;
  const controls: ReactNode[] = [];
  if ("accountId" in target && reset.allowed) {
    controls.push(
      <RecoveryDialog
        key="reset"
        testId="send-reset"
        label="Send password reset"
        title="Send a password-reset email"
        description="The customer gets a single-use link, valid for one hour, to choose a new password. Any earlier reset link stops working."
        recipient={recipient}
        warning={reset.warning ? { message: reset.warning.message, items: reset.warning.integrations.map((i) => i.name) } : null}
        target={target}
        action={sendPasswordResetAction}
      />,
    );
  }
  if ("accountId" in target && username.allowed) {
    controls.push(
      <RecoveryDialog
        key="username"
        testId="send-username"
        label="Send username reminder"
        title="Send a username reminder"
        description="The customer gets an email with the username on record and a link to sign in."
        recipient={recipient}
        warning={null}
        target={target}
        action={sendUsernameRecoveryAction}
      />,
    );
  }
  if ("signUpId" in target && confirmation.allowed) {
    controls.push(
      <RecoveryDialog
        key="confirmation"
        testId="resend-confirmation"
        label="Resend confirmation email"
        title="Resend the confirmation email"
        description="The customer gets a link to confirm their email address; the account is created when they follow it."
        recipient={recipient}
        warning={null}
        target={target}
        action={resendConfirmationAction}
      />,
    );
  }
  return (
    <Card title="Send an email to the customer">
      {controls.length ? (
        <div className="flex flex-wrap gap-2">{controls}</div>
      ) : (
        <p className="text-sm text-slate-700" data-testid="no-sends">
          No recovery email is available for this customer; the verdicts above say why.
        </p>
      )}
    </Card>
  );
}
