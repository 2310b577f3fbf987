"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Input } from "@/components/ui/input";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ServerAction } from "@/lib/actions/define-action";
import { rememberedTicket } from "@/components/search/ticket-memory";
import { useHoldPrimary } from "./primary-slot";

/** What the dialog adds to the target's id for every recovery email. */
export interface RecoveryRequestFields {
  ticketRef: string;
  idempotencyKey: string;
  confirm: true;
}

export interface RecoveryDialogProps<Target extends Record<string, number>> {
  /** The button that opens the dialog. */
  label: string;
  title: string;
  /** What will happen, in one or two sentences, shown before the agent confirms. */
  description: string;
  recipient: string;
  /** e.g. the integrations a new password breaks; null when there is nothing to warn about. */
  warning: { message: string; items: string[] } | null;
  /** Ids for the action's input (accountId or signUpId). */
  target: Target;
  action: ServerAction<Target & RecoveryRequestFields, unknown>;
  testId: string;
  /** The opening button's look: primary beside the verdict strip, secondary elsewhere. */
  variant?: "primary" | "secondary";
  /** What the agent should know before confirming (a live link it cancels, the hourly count). */
  notices?: readonly string[];
  /** Set at the hourly limit: the button is disabled and says when it frees. */
  disabledReason?: string | null;
}

/**
 * Asks for a ticket reference and an explicit confirmation, then calls the action once.
 * The idempotency key is made when the dialog opens, so a double click or a retried
 * request sends one email, not two.
 */
export function RecoveryDialog<Target extends Record<string, number>>({
  label,
  title,
  description,
  recipient,
  warning,
  target,
  action,
  testId,
  variant = "secondary",
  notices = [],
  disabledReason = null,
}: RecoveryDialogProps<Target>) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [key, setKey] = useState("");
  const [ticket, setTicket] = useState("");
  const { run, pending, result, reset } = useServerAction();
  // The form is rendered once the agent first opens the dialog, not with every account
  // page: most views send nothing, and two or three unopened dialogs were a tenth of the
  // page's HTML. An opening is a fresh key (it changes on every open).
  const [opening, setOpening] = useState(0);
  const hydrated = useHydrated();
  // Beside the verdict, the slot keeps this dialog mounted while it is open, though the
  // send it confirms moves the page's primary on (primary-slot.tsx).
  const holdPrimary = useHoldPrimary();
  const closeButton = useRef<HTMLButtonElement>(null);

  const open = () => {
    holdPrimary?.(true);
    setKey(crypto.randomUUID());
    // A deep link's ticket pre-fills the field; what the agent typed in an earlier opening stays.
    setTicket((typed) => typed || rememberedTicket());
    reset();
    setOpening((n) => n + 1);
  };
  // Shown once its form is in the DOM, so showModal() focuses the ticket field as before.
  useEffect(() => {
    if (opening > 0 && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [opening]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => action({ ...target, ticketRef: ticket, idempotencyKey: key, confirm: true }));
  };

  // The confirm button goes once the send succeeds: focus moves to Close, beside the
  // confirmation, instead of falling to the page behind the modal.
  useEffect(() => {
    if (result?.ok) closeButton.current?.focus();
  }, [result]);

  const ticketError = result && !result.ok ? result.fieldErrors?.ticketRef?.[0] : undefined;
  return (
    <>
      <Button
        variant={variant}
        onClick={open}
        data-testid={`${testId}-open`}
        data-ready={hydrated ? "true" : undefined}
        disabled={disabledReason !== null}
        aria-describedby={disabledReason !== null || notices.length ? `${testId}-notices` : undefined}
      >
        {label}
      </Button>
      {disabledReason !== null || notices.length ? (
        <span id={`${testId}-notices`} className="text-xs text-slate-700" data-testid={`${testId}-notices`}>
          {[disabledReason, ...notices].filter((n) => n !== null).join(" ")}
        </span>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        // m-auto: Tailwind 4's preflight zeroes every margin, including the auto margins
        // that centre a modal <dialog> in the viewport; without it it opens top-left.
        className="m-auto w-full max-w-lg rounded-lg backdrop-dim p-0 shadow-xl"
        data-testid={`${testId}-dialog`}
        onClose={() => holdPrimary?.(false)}
      >
        {opening === 0 ? null : (
          <form onSubmit={submit} className="flex flex-col gap-4 p-6">
            <h2 id={headingId} className="text-lg font-semibold">
              {title}
            </h2>
            <p className="text-sm text-slate-800">
              {description} It goes to <strong>{recipient}</strong>, the address on record.
            </p>
            {notices.length ? (
              <ul className="flex flex-col gap-1 text-sm text-amber-900" data-testid={`${testId}-dialog-notices`}>
                {notices.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            {warning ? (
              <Alert tone="warning" title="Tell the customer before they change their password">
                <p>{warning.message}</p>
                {warning.items.length ? (
                  <ul className="mt-1 list-disc pl-5">
                    {warning.items.map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                  </ul>
                ) : null}
              </Alert>
            ) : null}
            <Input
              label="Ticket reference"
              name="ticketRef"
              id={`${testId}-ticket`}
              value={ticket}
              onChange={(e) => setTicket(e.target.value)}
              required
              maxLength={64}
              autoComplete="off"
              error={ticketError}
              hint="The support ticket this is for; it is kept in the audit trail."
            />
            {/* Always rendered, so screen readers hear the success when it appears; a
              failure inside it is an alert of its own. */}
            <div role="status" aria-live="polite" data-testid={`${testId}-result`}>
              {result ? (
                result.ok ? (
                  <Alert tone="success" title="Done">
                    The email is queued for {recipient}; its delivery status is in the Emails panel.
                  </Alert>
                ) : result.code !== "INVALID_INPUT" || !ticketError ? (
                  <Alert tone="danger" live>
                    {result.message}
                  </Alert>
                ) : null
              ) : null}
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="ghost" ref={closeButton} onClick={() => dialog.current?.close()}>
                {result?.ok ? "Close" : "Cancel"}
              </Button>
              {result?.ok ? null : (
                <Button type="submit" disabled={pending}>
                  {pending ? "Sending…" : `Confirm: ${label.toLowerCase()}`}
                </Button>
              )}
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
