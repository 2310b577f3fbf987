// One entry point from an outbox row to the three parts of the message. The raw reset
// token exists only inside this call and in the returned strings: callers send them and
// must never log them.
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import type { EmailKind } from "@/lib/generated/prisma/enums";
import { customerAppUrl, type OutboxPayload } from "@/lib/email/payload";
import { openToken } from "@/lib/email/token";
import { ConfirmationResendEmail } from "./confirmation-resend";
import { PasswordResetEmail } from "./password-reset";
import { UsernameRecoveryEmail } from "./username-recovery";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const expiryFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function formatExpiry(iso: string): string {
  return `${expiryFormat.format(new Date(iso))} UTC`;
}

export function passwordResetUrl(rawToken: string): string {
  return `${customerAppUrl()}/reset-password?token=${encodeURIComponent(rawToken)}`;
}

// The token alone: the address is not in the link any more (a link made of the address
// could be forged by anyone who knows it). The platform redeems the token with the
// console (POST /api/platform/v1/tokens/redeem) and learns the sign-up and address.
export function confirmationUrl(rawToken: string): string {
  return `${customerAppUrl()}/signup/confirm?token=${encodeURIComponent(rawToken)}`;
}

export function signInUrl(): string {
  return `${customerAppUrl()}/login`;
}

function build(payload: OutboxPayload): { subject: string; element: ReactElement } {
  switch (payload.kind) {
    case "PASSWORD_RESET":
      return {
        subject: "Reset your password",
        element: (
          <PasswordResetEmail
            username={payload.username}
            resetUrl={passwordResetUrl(openToken(payload.sealedToken))}
            expiresAt={formatExpiry(payload.expiresAt)}
          />
        ),
      };
    case "USERNAME_RECOVERY":
      return {
        subject: "Your username",
        element: <UsernameRecoveryEmail username={payload.username} signInUrl={signInUrl()} />,
      };
    case "CONFIRMATION_RESEND":
      return {
        subject: "Confirm your email address",
        element: (
          <ConfirmationResendEmail
            username={payload.username}
            confirmUrl={confirmationUrl(openToken(payload.sealedToken))}
            expiresAt={formatExpiry(payload.expiresAt)}
          />
        ),
      };
  }
}

// The recipient is no longer part of any link (confirmation links carry a token now); the
// parameter stays so every caller keeps one signature.
export async function renderEmail(kind: EmailKind, payload: OutboxPayload, _recipient: string): Promise<RenderedEmail> {
  // The row's kind column and the payload's kind are written together by the enqueuing
  // action; a mismatch means a bug or a hand-edited row, and must not send anything.
  if (payload.kind !== kind) throw new Error(`payload kind ${payload.kind} does not match row kind ${kind}`);
  const { subject, element } = build(payload);
  // One React render; the text part is derived from its HTML (what render's plainText
  // option does, minus a second render: rendering is most of a send's CPU).
  const html = await render(element);
  return { subject, html, text: toPlainText(html) };
}
