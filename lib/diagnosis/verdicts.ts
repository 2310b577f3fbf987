// Action verdicts. The subject sets a baseline (what makes sense for a sign-up or an
// account at all); findings then recommend or refuse. A refusal always wins: one
// finding that forbids an action (a ban) is enough, whatever the others recommend.

import { UTC_TIME, type DiagnosisTimes } from "./time";
import { ACTION_NAMES } from "./types";
import type { SubjectFacts, ActionName, ActionVerdict, ActionWarning, IntegrationFacts, RuleFinding } from "./types";

function refused(reason: string): ActionVerdict {
  return { allowed: false, reason, refusedBy: null };
}

function allowed(warning: ActionWarning | null = null): ActionVerdict {
  return { allowed: true, recommended: false, reason: null, warning };
}

/** The warning every allowed password reset carries, naming what it will break. */
export function passwordResetWarning(integrations: readonly IntegrationFacts[]): ActionWarning {
  const kind = (i: IntegrationFacts) => (i.kind === "SMTP_RELAY" ? "SMTP relay" : "legacy API");
  const message =
    integrations.length === 0
      ? "No integration on record uses the account password, but anything the customer set up to send with it (SMTP, older API setups) stops working until updated."
      : (integrations.length === 1
          ? "A new password stops this integration until the customer updates it: "
          : `A new password stops these ${integrations.length} integrations until the customer updates them: `) +
        integrations.map((i) => `"${i.name}" (${kind(i)}, user ${i.apiUser})`).join(", ") +
        ".";
  return { message, integrations: integrations.map((i) => ({ id: i.id, name: i.name, kind: i.kind })) };
}

export function baselineActions(facts: SubjectFacts, times: DiagnosisTimes = UTC_TIME): Record<ActionName, ActionVerdict> {
  const { subject } = facts;
  if (subject.kind === "signup") {
    const noAccount = "There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.";
    const { confirmedAt } = subject.signUp;
    return {
      send_password_reset: refused(noAccount),
      send_username_recovery: refused(noAccount),
      resend_confirmation: confirmedAt === null ? allowed() : refused(`The sign-up was already confirmed on ${times.at(confirmedAt)}.`),
      reactivate_account: refused("There is no account to reactivate: the sign-up has to be confirmed first."),
    };
  }
  const { account } = subject;
  return {
    send_password_reset: allowed(passwordResetWarning(subject.integrations)),
    send_username_recovery: allowed(),
    resend_confirmation: refused(
      account.confirmedAt === null
        ? "The account exists, so its email is already confirmed: nothing to confirm."
        : `The account's email was confirmed on ${times.at(account.confirmedAt)}: nothing to confirm.`,
    ),
    // Reactivation is never a support action; the reason depends on why the account
    // is closed, and the ban and termination findings give the specific one.
    reactivate_account: refused(
      account.status === "ACTIVE" ? "The account is active: there is nothing to reactivate." : "Reactivation is not a support action.",
    ),
  };
}

/**
 * Merges findings (already ranked) into one verdict per action: refused if the
 * baseline or any finding refuses it, with the reason of the highest-ranked refusing
 * finding; otherwise allowed, recommended when a finding recommends it.
 */
export function mergeActions(facts: SubjectFacts, ranked: readonly RuleFinding[], times: DiagnosisTimes = UTC_TIME): Record<ActionName, ActionVerdict> {
  const baseline = baselineActions(facts, times);
  const merged = { ...baseline };
  for (const name of ACTION_NAMES) {
    const base = baseline[name];
    const refusal = ranked.flatMap((f) => {
      const opinion = f.actions[name];
      return opinion?.allowed === false ? [{ code: f.code, reason: opinion.reason }] : [];
    })[0];
    if (refusal !== undefined) {
      merged[name] = { allowed: false, reason: refusal.reason, refusedBy: refusal.code };
      continue;
    }
    if (!base.allowed) continue;
    const recommendation = ranked.find((f) => f.actions[name]?.allowed === true)?.actions[name];
    if (recommendation !== undefined) {
      merged[name] = { ...base, recommended: true, reason: recommendation.reason };
    }
  }
  return merged;
}
