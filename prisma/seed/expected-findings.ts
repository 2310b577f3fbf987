// The finding the console must put first for each seeded scenario (the diagnosis
// engine's codes). Integration and e2e tests share it, so the seed, the engine and the
// page are held to one answer.
import type { Scenario } from "./factories";

export const EXPECTED_TOP_FINDING: Readonly<Record<Scenario, string>> = {
  unconfirmed: "SIGNUP_UNCONFIRMED",
  unified_login: "UNIFIED_LOGIN_REQUIRED",
  credentials_changed: "CREDENTIALS_CHANGED_BY_OTHER",
  forgotten_password: "WRONG_PASSWORD",
  forgotten_username: "UNKNOWN_USERNAME",
  bad_api_credentials: "API_CREDENTIALS_REJECTED",
  terminated: "TERMINATED_NONPAYMENT",
  banned: "ACCOUNT_BANNED",
  banned_subuser: "PARENT_BANNED",
  healthy: "NO_PROBLEM_FOUND",
  at_risk_nonpayment: "AT_RISK_NONPAYMENT",
  locked: "TEMPORARILY_LOCKED",
  banned_with_wrong_password: "ACCOUNT_BANNED",
  credentials_changed_then_locked: "TEMPORARILY_LOCKED",
  at_risk_with_forgotten_password: "WRONG_PASSWORD",
};
