import { accountRule } from "./rule";
import { DELETED_VERDICT } from "@/lib/diagnosis/verdict-strip";

export const DELETED_REFUSAL = "The platform deleted this account: it no longer exists there, so a new password or a username reminder cannot get anyone in.";

/**
 * The platform deleted the account (an `account.deleted` event: a tombstone no later
 * event undoes). Whatever else the history shows, nobody can sign in to it, so it ranks
 * above every other cause; the rest of the page is history.
 */
export const accountDeleted = accountRule("ACCOUNT_DELETED", (subject, _now, times) => {
  const { account } = subject;
  if (account.deletedAt === null) return null;
  const when = `on ${times.at(account.deletedAt)}`;
  return {
    code: "ACCOUNT_DELETED",
    severity: "blocking",
    verdict: DELETED_VERDICT,
    title: `Deleted on the platform ${when}`,
    explanation:
      `The platform reported the account deleted ${when}. It no longer exists there: no sign-in, no email and no API ` +
      "request can use it, and the console keeps its history only for reference.",
    evidence: [{ label: `Account deleted ${when}`, at: account.deletedAt, ref: { kind: "account", id: account.id } }],
    nextSteps: [
      "Do not send a password reset or username reminder: there is no account left to sign in to.",
      "If the customer did not ask for the deletion, hand the ticket to the platform team with the date above; the customer can sign up again meanwhile.",
    ],
    actions: {
      send_password_reset: { allowed: false, reason: DELETED_REFUSAL },
      send_username_recovery: { allowed: false, reason: DELETED_REFUSAL },
      reactivate_account: {
        allowed: false,
        reason: "Deleted on the platform: the console cannot bring an account back; the platform team can say whether it is recoverable.",
      },
    },
    customerReply:
      `Your account was deleted on ${times.date(account.deletedAt)}, so it can no longer sign in or send email. ` +
      "If you did not ask for this, reply and we will look into it with our platform team; you are also welcome to sign up again.",
  };
});
