// The shape every rule has. A rule looks at the facts for one case and returns at
// most one finding (grouping all its evidence), or null when the case does not apply.

import { MAX_ATTEMPTS_AS_EVIDENCE, attemptLabel } from "@/lib/diagnosis/facts";
import type { DiagnosisTimes } from "@/lib/diagnosis/time";
import type { SubjectFacts, AccountSubject, EvidenceItem, FindingCode, LoginAttemptFacts, RuleFinding } from "@/lib/diagnosis/types";

export interface Rule {
  code: FindingCode;
  /** `times` writes the moments its texts mention, in the reader's zone. */
  evaluate(facts: SubjectFacts, now: Date, times: DiagnosisTimes): RuleFinding | null;
}

/** Most rules concern an existing account; this skips sign-ups for them. */
export function accountRule(code: FindingCode, evaluate: (subject: AccountSubject, now: Date, times: DiagnosisTimes) => RuleFinding | null): Rule {
  return {
    code,
    evaluate: (facts, now, times) => (facts.subject.kind === "account" ? evaluate(facts.subject, now, times) : null),
  };
}

/** Evidence for attempts: the newest few, each pointing at its timeline entry. */
export function attemptEvidence(attempts: readonly LoginAttemptFacts[], times: DiagnosisTimes): EvidenceItem[] {
  return attempts.slice(0, MAX_ATTEMPTS_AS_EVIDENCE).map((a) => ({
    label: attemptLabel(a, times),
    at: a.occurredAt,
    ref: { kind: "login_attempt", id: a.id },
  }));
}
