// What the sign-in page says for the `error` in its URL. Single sign-on refusals and
// failures land there with a reason of the console's own (lib/auth/sso.ts,
// lib/auth/auth-route.ts); anything else Auth.js may put there (its own error types) gets
// one plain sentence. The URL is anyone's to write, so a message only ever explains: it
// names no staff user and no detail of the provider's answer (the audit trail has those).

const MESSAGES: Record<string, { title: string; text: string }> = {
  "sso-unknown": {
    title: "No staff user for this identity",
    text: "Your identity provider signed you in, but no staff user of this console has that email address. Ask an admin to add you with the email address your identity provider uses.",
  },
  "sso-unverified": {
    title: "Email address not verified",
    text: "Your identity provider has not verified your email address, so it cannot be matched to a staff user. Verify it with your identity provider, or ask an admin.",
  },
  "sso-other-identity": {
    title: "Linked to another identity",
    text: "This staff user is already linked to a different account at your identity provider. Sign in with that account, or ask an admin to unlink it.",
  },
  "sso-disabled": {
    title: "Staff user disabled",
    text: "Your staff user is disabled, so single sign-on cannot sign you in. Ask an admin to re-enable it.",
  },
  "sso-cancelled": {
    title: "Single sign-on cancelled",
    text: "The sign-in was cancelled at your identity provider. Nothing was signed in.",
  },
  "sso-failed": {
    title: "Single sign-on did not complete",
    text: "The identity provider's answer could not be used. Try again; if it keeps failing, ask an admin to check the single sign-on settings.",
  },
};

const GENERIC = { title: "Sign-in did not complete", text: "Try again. If it keeps failing, ask an admin." };

/** The message for a sign-in page `error` value, or null for none. */
export function signInErrorMessage(error: unknown): { title: string; text: string } | null {
  if (typeof error !== "string" || error === "") return null;
  return MESSAGES[error] ?? GENERIC;
}
