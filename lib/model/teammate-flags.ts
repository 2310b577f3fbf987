// The permissions audit's flags: one record per flag with everything every surface says
// about it (the badge's label and tone, the legend's help text, the tooltip's evidence
// sentence; the CSV carries the flag's code). Plain data, safe in a client bundle: the
// table imports it. The SQL that finds the flags is in lib/data/audit/permissions/flag-sql.ts;
// how a risk looks (its colour) is the badge's business, not this file's.
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import { LEVEL_LABELS } from "./teammate-levels";

export const TEAMMATE_FLAGS = ["several_admins", "stale_admin", "changes_then_failures", "shared_login"] as const;
export type TeammateFlag = (typeof TEAMMATE_FLAGS)[number];

/**
 * The flags a lead can filter by: all of them. Each filter reads a summary kept current
 * by triggers (see lib/data/audit/permissions/flag-sql.ts), so none of them checks every account.
 */
export const FILTER_FLAGS = TEAMMATE_FLAGS;
export type FilterFlag = (typeof FILTER_FLAGS)[number];

/**
 * "Several admins" counts owners and admins on one account: from this many on, each one
 * can change credentials the others rely on. Two (an owner and one admin) is the
 * default, and is common, so the flag ranks lowest; a lead raises the threshold with the
 * `admins` parameter (the filter form and the legend show it) to see only the accounts
 * where full access is spread wide.
 */
export const DEFAULT_SEVERAL_ADMINS = 2;
export const MAX_SEVERAL_ADMINS = 20;

/** The lead's tunable thresholds, as the URL gives them. */
export interface FlagSettings {
  severalAdmins: number;
}
export const DEFAULT_FLAG_SETTINGS: FlagSettings = { severalAdmins: DEFAULT_SEVERAL_ADMINS };

/** An owner or admin who has not logged in for this long still holds full access. */
export const STALE_ADMIN_DAYS = 90;
/** Failed logins on the account this soon after a teammate's credential change point at that change. */
export const FAILURES_WINDOW_DAYS = 7;

/** The facts behind one row's flags, as lib/data/audit/permissions/flag-sql.ts reads them. */
export interface FlagEvidence {
  level: TeammateLevel;
  /** Owners and admins on the account. */
  fullAccess: number;
  /** Whole days since the teammate last logged in; null: never. */
  daysSinceLogin: number | null;
  /**
   * The most recent locking change followed by failures, if any (failuresAfter null: the
   * failed logins are no longer on file, past retention).
   */
  change: { kind: string; on: string; failuresAfter: number | null } | null;
  /** Password integrations on the account. */
  integrations: number;
}

/**
 * A locking change as a sentence's start. The enum read as words gave "Changed the api
 * key revoked" (issue #21, item 9).
 */
const CHANGE_WORDS: Record<string, string> = {
  PASSWORD: "Changed the password",
  USERNAME: "Changed the username",
  EMAIL: "Changed the email",
  API_KEY_REVOKED: "Revoked an API key",
  API_KEY_CREATED: "Created an API key",
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * How urgently a lead should look: "high" is access that has already locked people out
 * or will at the next password change; "medium" is full access nobody uses; "low" is a
 * setup worth a glance.
 */
export const FLAG_RISKS = ["high", "medium", "low"] as const;
export type FlagRisk = (typeof FLAG_RISKS)[number];

export const RISK_LABELS: Record<FlagRisk, string> = { high: "High risk", medium: "Review", low: "Low risk" };

export interface FlagDefinition {
  label: string;
  risk: FlagRisk;
  /** For the legend: what the flag means, with the lead's thresholds. */
  help: (settings: FlagSettings) => string;
  /** For the tooltip: the evidence on this row, in one sentence. */
  evidence: (e: FlagEvidence) => string;
}

export const FLAGS: Record<TeammateFlag, FlagDefinition> = {
  several_admins: {
    label: "Several admins",
    risk: "low",
    help: (s) => `${s.severalAdmins} or more owners or admins on one account: each can change credentials the others rely on.`,
    evidence: (e) =>
      `${e.fullAccess} teammates on this account are owners or admins; each of them can change the password and API keys everyone else relies on.`,
  },
  stale_admin: {
    label: "Inactive admin",
    risk: "medium",
    help: () => `An owner or admin who has not logged in for ${STALE_ADMIN_DAYS} days (or ever) but keeps full access.`,
    evidence: (e) =>
      e.daysSinceLogin === null
        ? `${LEVEL_LABELS[e.level]} who has never logged in and still holds full access.`
        : `${LEVEL_LABELS[e.level]} who last logged in ${e.daysSinceLogin} days ago (more than ${STALE_ADMIN_DAYS}) and still holds full access.`,
  },
  changes_then_failures: {
    label: "Change → failed logins",
    risk: "high",
    help: () => `The teammate changed a password, username, email or revoked a key, and the account had failed logins within ${FAILURES_WINDOW_DAYS} days.`,
    evidence: (e) =>
      e.change
        ? `${CHANGE_WORDS[e.change.kind] ?? `Changed the ${e.change.kind.toLowerCase().replace(/_/g, " ")}`} on ${e.change.on}; the account then had ${e.change.failuresAfter === null ? "failed logins" : plural(e.change.failuresAfter, "failed login")} within ${FAILURES_WINDOW_DAYS} days.`
        : "",
  },
  shared_login: {
    label: "Shared login",
    risk: "high",
    help: () => "The account has no teammates besides its own login, while API or SMTP integrations use that password.",
    evidence: (e) =>
      `The account's only login: everyone shares it, and ${plural(e.integrations, "API/SMTP integration")} use its password, so a password change by anyone breaks them.`,
  },
};

/** Flags in the order a lead should read them: highest risk first, then as listed above. */
export function rankFlags<T extends { flag: TeammateFlag }>(flags: readonly T[]): T[] {
  const rank = (flag: TeammateFlag) => FLAG_RISKS.indexOf(FLAGS[flag].risk) * TEAMMATE_FLAGS.length + TEAMMATE_FLAGS.indexOf(flag);
  return [...flags].sort((a, b) => rank(a.flag) - rank(b.flag));
}

/** Every flag, ranked: the legend's order. */
export const FLAGS_BY_RISK: readonly TeammateFlag[] = rankFlags(TEAMMATE_FLAGS.map((flag) => ({ flag }))).map((f) => f.flag);
