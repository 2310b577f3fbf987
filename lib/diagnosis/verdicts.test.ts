// The action verdicts beside each button: the baseline a subject sets and the merge of
// the findings' opinions (one refusal is enough), with the reasons the agent reads.
import { describe, expect, it } from "vitest";
import { account, accountFacts, daysAgo, integration, signUpFacts } from "./fixtures";
import type { RuleFinding } from "./types";
import { baselineActions, mergeActions, passwordResetWarning } from "./verdicts";

describe("passwordResetWarning", () => {
  it("names nothing, one integration, or how many it breaks", () => {
    expect(passwordResetWarning([])).toEqual({
      message:
        "No integration on record uses the account password, but anything the customer set up to send with it (SMTP, older API setups) stops working until updated.",
      integrations: [],
    });
    expect(passwordResetWarning([integration({ id: 1, name: "Prod mailer", apiUser: "acme" })]).message).toBe(
      'A new password stops this integration until the customer updates it: "Prod mailer" (SMTP relay, user acme).',
    );
    const two = passwordResetWarning([
      integration({ id: 1, name: "Prod mailer" }),
      integration({ id: 2, kind: "LEGACY_API", name: "CRM sync", apiUser: "crm" }),
    ]);
    expect(two.message).toBe(
      'A new password stops these 2 integrations until the customer updates them: "Prod mailer" (SMTP relay, user acme), "CRM sync" (legacy API, user crm).',
    );
    expect(two.integrations).toEqual([
      { id: 1, name: "Prod mailer", kind: "SMTP_RELAY" },
      { id: 2, name: "CRM sync", kind: "LEGACY_API" },
    ]);
  });
});

describe("baselineActions", () => {
  it("a sign-up allows only the confirmation resend, until it is confirmed", () => {
    const pending = baselineActions(signUpFacts());
    const noAccount = "There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.";
    expect(pending).toEqual({
      send_password_reset: { allowed: false, reason: noAccount, refusedBy: null },
      send_username_recovery: { allowed: false, reason: noAccount, refusedBy: null },
      resend_confirmation: { allowed: true, recommended: false, reason: null, warning: null },
      reactivate_account: { allowed: false, reason: "There is no account to reactivate: the sign-up has to be confirmed first.", refusedBy: null },
    });
    expect(baselineActions(signUpFacts({ confirmedAt: new Date("2026-11-09T08:00:00Z") })).resend_confirmation).toEqual({
      allowed: false,
      reason: "The sign-up was already confirmed on 2026-11-09 08:00 UTC.",
      refusedBy: null,
    });
  });

  it("an account allows reset and reminder, never a confirmation or a reactivation, with reasons that fit it", () => {
    const open = baselineActions(accountFacts());
    expect(open.send_password_reset).toMatchObject({ allowed: true, recommended: false, reason: null });
    expect(open.send_username_recovery).toEqual({ allowed: true, recommended: false, reason: null, warning: null });
    expect(open.resend_confirmation).toMatchObject({
      allowed: false,
      reason: "The account's email was confirmed on 2024-03-01 09:10 UTC: nothing to confirm.",
    });
    expect(open.reactivate_account).toMatchObject({ allowed: false, reason: "The account is active: there is nothing to reactivate." });

    const legacy = baselineActions(accountFacts({ account: account({ confirmedAt: null, status: "TERMINATED" }) }));
    expect(legacy.resend_confirmation).toMatchObject({ allowed: false, reason: "The account exists, so its email is already confirmed: nothing to confirm." });
    expect(legacy.reactivate_account).toMatchObject({ allowed: false, reason: "Reactivation is not a support action." });
  });
});

describe("mergeActions", () => {
  const finding = (code: RuleFinding["code"], actions: RuleFinding["actions"]): RuleFinding => ({
    code,
    severity: "likely",
    verdict: "",
    title: "",
    explanation: "",
    evidence: [],
    nextSteps: [],
    actions,
    customerReply: "",
  });

  it("the first refusing finding gives the reason; a recommendation only lifts what the baseline allows", () => {
    const merged = mergeActions(accountFacts({ integrations: [integration({ lastUsedAt: daysAgo(1) })] }), [
      finding("WRONG_PASSWORD", { send_password_reset: { allowed: true, reason: "forgot it" }, resend_confirmation: { allowed: true, reason: "no" } }),
      finding("ACCOUNT_BANNED", { send_password_reset: { allowed: false, reason: "banned" } }),
      finding("UNKNOWN_USERNAME", {
        send_password_reset: { allowed: false, reason: "later refusal" },
        send_username_recovery: { allowed: true, reason: "forgot the name" },
      }),
    ]);
    expect(merged.send_password_reset).toEqual({ allowed: false, reason: "banned", refusedBy: "ACCOUNT_BANNED" });
    expect(merged.send_username_recovery).toEqual({ allowed: true, recommended: true, reason: "forgot the name", warning: null });
    expect(merged.resend_confirmation).toMatchObject({ allowed: false, refusedBy: null });
    expect(merged.reactivate_account).toMatchObject({ allowed: false, refusedBy: null });
  });

  it("an allowed action nobody recommends stays plainly allowed, with the reset's warning", () => {
    const merged = mergeActions(accountFacts(), []);
    expect(merged.send_password_reset).toMatchObject({ allowed: true, recommended: false, reason: null });
    expect(merged.send_password_reset.allowed && merged.send_password_reset.warning?.integrations).toEqual([]);
  });
});
