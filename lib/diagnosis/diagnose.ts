// The engine's entry point: runs every rule over the facts, ranks the findings and
// merges the action verdicts. Pure: same facts and `now`, same diagnosis.

import { mergeActions } from "./verdicts";
import { newestFirst } from "./facts";
import { RULES, noProblemFound } from "./rules";
import { UTC_TIME, type DiagnosisTimes } from "./time";
import type { Rule } from "./rules";
import { ACTION_NAMES } from "./types";
import type { SubjectFacts, ActionName, ActionVerdict, Diagnosis, EvidenceItem, Finding, FindingCode, RuleFinding, Severity } from "./types";

export const SEVERITY_ORDER: readonly Severity[] = ["blocking", "likely", "informational"];

/**
 * Within a severity: the cause that makes the others moot comes first. A Record, so
 * tsc rejects a new FindingCode that has no place in the ranking.
 */
const PRIORITY_RANK: Record<FindingCode, number> = {
  ACCOUNT_DELETED: 0,
  ACCOUNT_BANNED: 1,
  PARENT_BANNED: 2,
  TERMINATED_NONPAYMENT: 3,
  SIGNUP_UNCONFIRMED: 4,
  UNIFIED_LOGIN_REQUIRED: 5,
  TEMPORARILY_LOCKED: 6,
  CREDENTIALS_CHANGED_BY_OTHER: 7,
  WRONG_PASSWORD: 8,
  UNKNOWN_USERNAME: 9,
  API_CREDENTIALS_REJECTED: 10,
  AT_RISK_NONPAYMENT: 11,
  UNPAID_BALANCE: 12,
  NO_PROBLEM_FOUND: 13,
  // After "No problem found": a risk to know about, not why the customer cannot sign in.
  SHARED_LOGIN: 14,
};

export const PRIORITY: readonly FindingCode[] = (Object.keys(PRIORITY_RANK) as FindingCode[]).sort((a, b) => PRIORITY_RANK[a] - PRIORITY_RANK[b]);

type Rankable = Pick<Finding, "code" | "severity">;

export function compareFindings(a: Rankable, b: Rankable): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || PRIORITY_RANK[a.code] - PRIORITY_RANK[b.code];
}

export function rankFindings<T extends Rankable>(findings: readonly T[]): T[] {
  return [...findings].sort(compareFindings);
}

/** Rules may assume newest-first lists; the data layer promises it, this makes sure. */
function normalise(facts: SubjectFacts): SubjectFacts {
  const { subject } = facts;
  if (subject.kind === "signup") return facts;
  return {
    subject: {
      ...subject,
      loginAttempts: [...subject.loginAttempts].sort(newestFirst),
      // Stryker disable next-line MethodExpression: the rules reading these sort them again (unresolvedFailures, the API rule)
      unknownUsernameAttempts: [...subject.unknownUsernameAttempts].sort(newestFirst),
      // Stryker disable next-line MethodExpression: the one rule reading them sorts its candidates
      credentialChanges: [...subject.credentialChanges].sort(newestFirst),
    },
  };
}

const ACTION_LABELS: Record<ActionName, string> = {
  send_password_reset: "Password reset",
  send_username_recovery: "Username reminder",
  resend_confirmation: "Confirmation resend",
  reactivate_account: "Reactivation",
};

/** Marks a finding whose recommended action another finding refuses, and says so first. */
function withOverrule(finding: RuleFinding, actions: Record<ActionName, ActionVerdict>): Omit<Finding, "sharedEvidence"> {
  const base = { ...finding, sentReply: finding.sentReply ?? null };
  for (const name of ACTION_NAMES) {
    const verdict = actions[name];
    if (finding.actions[name]?.allowed !== true || verdict.allowed || verdict.refusedBy === null) continue;
    // Stryker disable next-line ConditionalExpression: a finding that allows an action never is the one refusing it
    if (verdict.refusedBy === finding.code) continue;
    return {
      ...base,
      nextSteps: [`${ACTION_LABELS[name]} is refused here. ${verdict.reason}`, ...finding.nextSteps],
      overruledBy: verdict.refusedBy,
    };
  }
  return { ...base, overruledBy: null };
}

function evidenceKey(item: EvidenceItem): string {
  return `${item.ref.kind}:${item.ref.id}`;
}

/**
 * Evidence several findings rely on (the same failed sign-ins behind a changed password
 * and a wrong password) is listed once, under the highest-ranked of them; the others
 * keep only their own items and say which finding lists the rest, and how many. The
 * same item twice within one finding is listed once too.
 */
export function shareEvidence(ranked: readonly Omit<Finding, "sharedEvidence">[]): Finding[] {
  const listedBy = new Map<string, number>();
  return ranked.map((finding, index) => {
    const own: EvidenceItem[] = [];
    const shared = new Map<number, number>();
    const seenHere = new Set<string>();
    for (const item of finding.evidence) {
      const key = evidenceKey(item);
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      const owner = listedBy.get(key);
      if (owner === undefined) {
        listedBy.set(key, index);
        own.push(item);
      } else {
        shared.set(owner, (shared.get(owner) ?? 0) + 1);
      }
    }
    const sharedEvidence = [...shared].flatMap(([owner, count]) => {
      const by = ranked[owner];
      // Stryker disable next-line ConditionalExpression: an owner index is always an earlier finding
      return by === undefined ? [] : [{ code: by.code, title: by.title, count }];
    });
    return { ...finding, evidence: own, sharedEvidence };
  });
}

/** `times`: the reader's zone for the moments the texts mention (UTC by default). */
export function diagnose(facts: SubjectFacts, now: Date, rules: readonly Rule[] = RULES, times: DiagnosisTimes = UTC_TIME): Diagnosis {
  const input = normalise(facts);
  const found: RuleFinding[] = [];
  for (const rule of rules) {
    const finding = rule.evaluate(input, now, times);
    if (finding !== null) found.push(finding);
  }
  // Nothing blocking or likely: say so explicitly, with the agent's checklist.
  if (!found.some((f) => f.severity !== "informational")) found.push(noProblemFound(input, times));
  const ranked = rankFindings(found);
  const actions = mergeActions(input, ranked, times);
  const findings = shareEvidence(ranked.map((f) => withOverrule(f, actions)));
  const replyFrom = findings.find((f) => f.overruledBy === null) ?? findings[0];
  // Stryker disable next-line OptionalChaining,StringLiteral: there is always a finding (NO_PROBLEM_FOUND at least)
  return { subjectKind: input.subject.kind, findings, actions, customerReply: replyFrom?.customerReply ?? "" };
}
