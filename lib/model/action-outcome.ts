// What an action's work returns (done, or refused with a reason) and where it points
// for its audit entry. Plain data without server-only, so code the actions call (the
// recovery emails in lib/email) can answer in the same terms without reaching up into
// the action wrapper (lib/actions/define-action.ts).
import type { ActionErrorCode } from "@/lib/model/action-result";
import type { AuditInput } from "@/lib/audit/write-audit";

/** Where an action points, for its audit entry. */
export interface AuditTarget {
  targetAccountId?: number | null;
  targetSignUpId?: number | null;
  ticketRef?: string | null;
  reason?: string | null;
  /** Anything else an investigator needs (e.g. which staff user an admin action targeted). */
  detail?: AuditInput["detail"];
}

export type RefusalCode = Extract<ActionErrorCode, "NOT_FOUND" | "REFUSED" | "CONFLICT" | "RATE_LIMITED">;

export type ActionOutcome<T> = { done: T; audit?: AuditTarget } | { refuse: { code: RefusalCode; message: string; reason: string; audit?: AuditTarget } };

/** An action's refusal, as `refuse()` makes it: the one meaning of "Refusal" in the code. */
export type Refusal = ActionOutcome<never>;

export const done = <T>(data: T, audit?: AuditTarget): ActionOutcome<T> => ({ done: data, ...(audit ? { audit } : {}) });
export const refuse = (code: RefusalCode, message: string, reason: string = code, audit?: AuditTarget): Refusal => ({
  refuse: { code, message, reason, ...(audit ? { audit } : {}) },
});
