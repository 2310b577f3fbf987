// The verdict strip: the few words the account header and each search row show so an
// agent sees at once why a customer cannot log in ("Locked · 7 days left", "Banned").
// The account page takes it from the top finding of a full diagnosis; the search,
// which cannot afford a diagnosis per row, derives the blocking states from the row's
// own columns with the same helpers, so both say the same thing for them.

import { PARENT_COMPANY } from "./facts";
import { DAY_MS } from "./time";
import { ACTION_NAMES } from "./types";
import type { AccountStatus, ActionName, Diagnosis, FindingCode, LoginMethod, Severity } from "./types";

export type VerdictTone = "danger" | "warning" | "info" | "success" | "neutral";

export interface VerdictStrip {
  text: string;
  tone: VerdictTone;
  severity: Severity;
  /** The finding it comes from. */
  code: FindingCode;
  /**
   * The allowed action the top finding itself recommends, for the button beside the strip;
   * null when none. Never another finding's fix: a reset recommended for the wrong
   * passwords behind a lock does not lift the lock (issue #21 item 3).
   */
  action: ActionName | null;
}

export const BANNED_VERDICT = "Banned";
export const DELETED_VERDICT = "Deleted on the platform";
export const TERMINATED_VERDICT = "Terminated for non-payment";
export const UNCONFIRMED_VERDICT = "Email not confirmed · no account yet";
export const NO_PROBLEM_VERDICT = "No problem found";
export const UNIFIED_BLOCKING_VERDICT = `Must sign in with ${PARENT_COMPANY}`;
export const UNIFIED_INFO_VERDICT = `Signs in with ${PARENT_COMPANY}`;
/**
 * What a list row says when its own columns show no block: the login history decides
 * the rest (a password changed by a teammate, API keys rejected), which only the
 * account page's diagnosis reads. "Not blocked" here read as "can sign in" for
 * customers the account page said could not (issue #21, item 4).
 */
export const ROW_UNDIAGNOSED_VERDICT = "Not diagnosed";
/** A fact, not a verdict: the page says blocking or not from the sign-ins tried. */
export const ROW_UNIFIED_VERDICT = "Unified login";

/** "7 days left", "3 hours left", "1 minute left": whole units, rounded up so it never says 0. */
export function formatRemaining(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"} left`;
  const hours = Math.ceil(ms / 3_600_000);
  if (ms < 2 * DAY_MS) return `${hours} hours left`;
  const days = Math.ceil(ms / DAY_MS);
  return `${days} days left`;
}

export function lockedVerdict(until: Date, now: Date): string {
  return `Locked · ${formatRemaining(until.getTime() - now.getTime())}`;
}

export function parentBannedVerdict(parentUsername: string | null): string {
  return parentUsername === null ? "Banned with its parent account" : `Banned with parent ${parentUsername}`;
}

function toneOf(severity: Severity, code: FindingCode): VerdictTone {
  if (severity === "blocking") return "danger";
  if (severity === "likely") return "warning";
  return code === "NO_PROBLEM_FOUND" ? "success" : "info";
}

/**
 * The strip for a diagnosis: the top finding's verdict, coloured by its severity, and
 * the action to put beside it: one the top finding recommends, and only if the merged
 * verdict allows it (a ban never offers a reset).
 */
export function verdictStrip(diagnosis: Diagnosis): VerdictStrip | null {
  const top = diagnosis.findings[0];
  if (top === undefined) return null;
  const action =
    ACTION_NAMES.find((name) => {
      const v = diagnosis.actions[name];
      return v.allowed && v.recommended && top.actions[name]?.allowed === true;
    }) ?? null;
  return { text: top.verdict, tone: toneOf(top.severity, top.code), severity: top.severity, code: top.code, action };
}

/** What a search row knows without diagnosing: the account's own columns and its parent's status. */
export interface RowFacts {
  kind: "account" | "signup";
  status: AccountStatus | "UNCONFIRMED";
  loginMethod: LoginMethod | null;
  lockedUntil: Date | null;
  parentStatus: AccountStatus | null;
  parentUsername: string | null;
  /** The platform deleted the account: above every other state, as on the account page. */
  deletedAt: Date | null;
}

export interface RowVerdict {
  text: string;
  tone: VerdictTone;
}

/**
 * A search row's verdict from its cheap facts. The blocking states (ban, parent's ban,
 * termination, unconfirmed sign-up, lock) read exactly as the account page's strip, in
 * its tone; the rest cannot be told without the login history (a forgotten password, a
 * changed one, rejected API keys, local sign-ins on a unified-login account), so the row
 * uses a neutral word in a neutral tone rather than a reassuring one the page may
 * contradict. Search rows, recently opened and the palette all read this one function.
 */
export function rowVerdict(row: RowFacts, now: Date): RowVerdict {
  if (row.kind === "signup" || row.status === "UNCONFIRMED") return { text: UNCONFIRMED_VERDICT, tone: "danger" };
  if (row.deletedAt !== null) return { text: DELETED_VERDICT, tone: "danger" };
  if (row.parentStatus === "BANNED") return { text: parentBannedVerdict(row.parentUsername), tone: "danger" };
  if (row.status === "BANNED") return { text: BANNED_VERDICT, tone: "danger" };
  if (row.status === "TERMINATED") return { text: TERMINATED_VERDICT, tone: "danger" };
  if (row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime()) return { text: lockedVerdict(row.lockedUntil, now), tone: "danger" };
  if (row.loginMethod === "UNIFIED_LOGIN") return { text: ROW_UNIFIED_VERDICT, tone: "neutral" };
  return { text: ROW_UNDIAGNOSED_VERDICT, tone: "neutral" };
}
