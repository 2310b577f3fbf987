// The engine's entry point: runs every rule over the facts, ranks the findings and
// merges the action verdicts. Pure: same facts and `now`, same diagnosis.

import { mergeActions } from "./actions";
import { newestFirst } from "./facts";
import { RULES, noProblemFound } from "./rules";
import type { Rule } from "./rules";
import type { AccountFacts, Diagnosis, Finding, FindingCode, Severity } from "./types";

export const SEVERITY_ORDER: readonly Severity[] = ["blocking", "likely", "informational"];

/** Within a severity: the cause that makes the others moot comes first. */
export const PRIORITY: readonly FindingCode[] = [
  "ACCOUNT_BANNED",
  "PARENT_BANNED",
  "TERMINATED_NONPAYMENT",
  "SIGNUP_UNCONFIRMED",
  "UNIFIED_LOGIN_REQUIRED",
  "TEMPORARILY_LOCKED",
  "CREDENTIALS_CHANGED_BY_OTHER",
  "WRONG_PASSWORD",
  "UNKNOWN_USERNAME",
  "API_CREDENTIALS_REJECTED",
  "AT_RISK_NONPAYMENT",
  "NO_PROBLEM_FOUND",
];

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    PRIORITY.indexOf(a.code) - PRIORITY.indexOf(b.code)
  );
}

export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Rules may assume newest-first lists; the data layer promises it, this makes sure. */
function normalise(facts: AccountFacts): AccountFacts {
  const { subject } = facts;
  if (subject.kind === "signup") return facts;
  return {
    subject: {
      ...subject,
      loginAttempts: [...subject.loginAttempts].sort(newestFirst),
      unknownUsernameAttempts: [...subject.unknownUsernameAttempts].sort(newestFirst),
      credentialChanges: [...subject.credentialChanges].sort(newestFirst),
    },
  };
}

export function diagnose(facts: AccountFacts, now: Date, rules: readonly Rule[] = RULES): Diagnosis {
  const input = normalise(facts);
  const found: Finding[] = [];
  for (const rule of rules) {
    const finding = rule.evaluate(input, now);
    if (finding !== null) found.push(finding);
  }
  // Nothing blocking or likely: say so explicitly, with the agent's checklist.
  if (!found.some((f) => f.severity !== "informational")) found.push(noProblemFound(input));
  const findings = rankFindings(found);
  return { subjectKind: input.subject.kind, findings, actions: mergeActions(input, findings) };
}
