import "server-only";
// What the server enforces before a recovery email is queued (or re-queued): the
// verdicts of the same diagnosis the account page shows, computed from the same facts
// read inside the action's transaction. The page and the server cannot disagree,
// because there is only one set of rules (lib/diagnosis).
import { loadAccountFacts, loadSignUpFacts } from "@/lib/data/accounts/load-account-facts";
import type { Tx } from "@/lib/db/prisma";
import { diagnose } from "@/lib/diagnosis";
import { formatUtc } from "@/lib/diagnosis/time";
import type { AccountRecord, SignUpFacts } from "@/lib/diagnosis/types";
import { refuse, type Refusal } from "@/lib/actions/define-action";

export const ACCOUNT_NOT_FOUND_MESSAGE =
  "No customer account has this id. If the customer signed up but never confirmed their email, there is no account yet: " +
  "find their sign-up (search by email or username) and resend the confirmation email instead.";

export interface AccountGuardPass {
  account: AccountRecord;
  /** Names of the integrations a new password breaks (for the reset warning). */
  integrations: string[];
}

/**
 * The account exists and the diagnosis allows `action` on it; otherwise the refusal,
 * whose message is the diagnosis's own reason and whose audit code is the finding that
 * refused it (ACCOUNT_BANNED, PARENT_BANNED, TERMINATED_NONPAYMENT, UNIFIED_LOGIN_REQUIRED ...).
 */
export async function guardAccountEmail(
  tx: Tx,
  accountId: number,
  action: "send_password_reset" | "send_username_recovery",
  now: Date,
): Promise<{ pass: AccountGuardPass } | { refusal: Refusal }> {
  const facts = await loadAccountFacts(tx, accountId, now);
  if (!facts) return { refusal: refuse("NOT_FOUND", ACCOUNT_NOT_FOUND_MESSAGE, "ACCOUNT_NOT_FOUND", { targetAccountId: null }) };
  const verdict = diagnose(facts, now).actions[action];
  if (!verdict.allowed) return { refusal: refuse("REFUSED", verdict.reason, verdict.refusedBy ?? "NOT_ALLOWED") };
  return {
    pass: {
      account: facts.subject.account,
      integrations: verdict.warning?.integrations.map((i) => i.name) ?? [],
    },
  };
}

/** The sign-up exists and is still unconfirmed (the only case a confirmation resend helps). */
export async function guardSignUpEmail(tx: Tx, signUpId: number, now: Date): Promise<{ pass: SignUpFacts } | { refusal: Refusal }> {
  const facts = await loadSignUpFacts(tx, signUpId);
  if (!facts) {
    return {
      refusal: refuse("NOT_FOUND", "No sign-up has this id. Search for the customer's email or username again.", "SIGN_UP_NOT_FOUND", { targetSignUpId: null }),
    };
  }
  const { signUp } = facts.subject;
  if (signUp.confirmedAt !== null) {
    return {
      refusal: refuse(
        "REFUSED",
        `This sign-up was confirmed on ${formatUtc(signUp.confirmedAt)}, so the account exists: look up the account instead ` +
          "(a password reset or username reminder may be what the customer needs).",
        "SIGN_UP_CONFIRMED",
      ),
    };
  }
  // Today the baseline allows every unconfirmed sign-up; asking the diagnosis keeps it so
  // if a rule ever refuses one.
  const verdict = diagnose(facts, now).actions.resend_confirmation;
  if (!verdict.allowed) return { refusal: refuse("REFUSED", verdict.reason, verdict.refusedBy ?? "NOT_ALLOWED") };
  return { pass: signUp };
}
