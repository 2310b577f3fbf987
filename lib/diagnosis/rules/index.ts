// Every rule the engine runs. Order here does not matter: diagnose ranks the findings.

import { accountBanned } from "./account-banned";
import { accountDeleted } from "./account-deleted";
import { apiCredentialsRejected } from "./api-credentials-rejected";
import { atRiskNonpayment } from "./at-risk-nonpayment";
import { credentialsChangedByOther } from "./credentials-changed-by-other";
import { parentBanned } from "./parent-banned";
import type { Rule } from "./rule";
import { sharedLogin } from "./shared-login";
import { signupUnconfirmed } from "./signup-unconfirmed";
import { temporarilyLocked } from "./temporarily-locked";
import { terminatedNonpayment } from "./terminated-nonpayment";
import { unifiedLoginRequired } from "./unified-login-required";
import { unknownUsername } from "./unknown-username";
import { unpaidBalance } from "./unpaid-balance";
import { wrongPassword } from "./wrong-password";

export type { Rule } from "./rule";
export { noProblemFound, AGENT_CHECKLIST } from "./no-problem-found";

export const RULES: readonly Rule[] = [
  accountDeleted,
  accountBanned,
  parentBanned,
  terminatedNonpayment,
  signupUnconfirmed,
  unifiedLoginRequired,
  temporarilyLocked,
  credentialsChangedByOther,
  wrongPassword,
  unknownUsername,
  apiCredentialsRejected,
  atRiskNonpayment,
  unpaidBalance,
  sharedLogin,
];
