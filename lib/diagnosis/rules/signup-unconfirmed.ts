import { plural } from "@/lib/diagnosis/facts";
import type { RuleFinding } from "@/lib/diagnosis/types";
import type { Rule } from "./rule";
import { UNCONFIRMED_VERDICT } from "@/lib/diagnosis/verdict-strip";

const NO_ACCOUNT = "There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.";

/** The platform creates the account only when the confirmation link is followed. */
export const signupUnconfirmed: Rule = {
  code: "SIGNUP_UNCONFIRMED",
  evaluate: (facts, now, times): RuleFinding | null => {
    if (facts.subject.kind !== "signup") return null;
    const { signUp } = facts.subject;
    if (signUp.confirmedAt !== null) return null;
    const expired = signUp.confirmationExpiresAt.getTime() <= now.getTime();
    const link = expired
      ? `the latest link expired at ${times.at(signUp.confirmationExpiresAt)}`
      : `the latest link is valid until ${times.at(signUp.confirmationExpiresAt)}`;
    return {
      code: "SIGNUP_UNCONFIRMED",
      severity: "blocking",
      verdict: UNCONFIRMED_VERDICT,
      title: `No account yet: sign-up pending since ${times.at(signUp.createdAt)}`,
      explanation:
        `"${signUp.username}" (${signUp.email}) signed up on ${times.at(signUp.createdAt)} but never confirmed the email, ` +
        `so no account was created and there is nothing to sign in to. ` +
        `${plural(signUp.confirmationsSent, "confirmation email")} sent, the last at ${times.at(signUp.lastConfirmationSentAt)}; ${link}.`,
      evidence: [
        {
          label: `Sign-up ${signUp.username} <${signUp.email}>${signUp.ip === null ? "" : ` from ${signUp.ip}`}`,
          at: signUp.createdAt,
          ref: { kind: "signup", id: signUp.id },
        },
        { label: `Confirmation email #${signUp.confirmationsSent} sent`, at: signUp.lastConfirmationSentAt, ref: { kind: "signup", id: signUp.id } },
        {
          label: `Confirmation link ${expired ? "expired" : "expires"} ${times.at(signUp.confirmationExpiresAt)}`,
          at: signUp.confirmationExpiresAt,
          ref: { kind: "signup", id: signUp.id },
        },
      ],
      nextSteps: [
        `Resend the confirmation email to ${signUp.email}; the account is created when the customer follows the new link.`,
        "Ask them to check spam or quarantine folders if earlier emails never arrived.",
        "If they sign in through Twilio and confirmed this email there, they do not need to confirm it again: look for their account instead.",
      ],
      actions: {
        resend_confirmation: { allowed: true, reason: "Following the link creates the account." },
        send_password_reset: { allowed: false, reason: NO_ACCOUNT },
        send_username_recovery: { allowed: false, reason: NO_ACCOUNT },
      },
      customerReply:
        "Your sign-up is not complete yet: the account is only created once you click the link in the confirmation email. " +
        `I can send a new confirmation email to ${signUp.email} now; please let me know if you would like one, ` +
        "and check your spam folder for the earlier ones in the meantime.",
      sentReply: {
        action: "resend_confirmation",
        opening:
          "Your sign-up is not complete yet: the account is only created once you click the link in the confirmation email. " +
          `I sent a new confirmation email to ${signUp.email} at`,
        rest: ". Please open it and follow the link soon, and check your spam folder if you do not see it.",
      },
    };
  },
};
