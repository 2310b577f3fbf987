// The permissions audit's flags: one record per flag with everything every surface says
// about it (the badge's label and tone, the legend's help text, the tooltip's evidence
// sentence; the CSV carries the flag's code). Plain data, safe in a client bundle: the
// table imports it. The SQL that finds the flags is in ./flag-sql.ts.
import type { BadgeTone } from "@/components/ui/badge";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";
import { LEVEL_LABELS } from "./levels";

export const TEAMMATE_FLAGS = ["several_admins", "stale_admin", "changes_then_failures", "shared_login"] as const;
export type TeammateFlag = (typeof TEAMMATE_FLAGS)[number];

/**
 * The flags a lead can filter by: all of them. Each filter reads a summary kept current
 * by triggers (see ./flag-sql.ts), so none of them checks every account.
 */
export const FILTER_FLAGS = TEAMMATE_FLAGS;
export type FilterFlag = (typeof FILTER_FLAGS)[number];

/** Owners and admins can change everyone's credentials: two or more is a risk worth a look. */
export const SEVERAL_ADMINS = 2;
/** An owner or admin who has not logged in for this long still holds full access. */
export const STALE_ADMIN_DAYS = 90;
/** Failed logins on the account this soon after a teammate's credential change point at that change. */
export const FAILURES_WINDOW_DAYS = 7;

/** The facts behind one row's flags, as ./flag-sql.ts reads them. */
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export interface FlagDefinition {
  label: string;
  tone: BadgeTone;
  /** For the legend: what the flag means. */
  help: string;
  /** For the tooltip: the evidence on this row, in one sentence. */
  evidence: (e: FlagEvidence) => string;
}

export const FLAGS: Record<TeammateFlag, FlagDefinition> = {
  several_admins: {
    label: "Several admins",
    tone: "warning",
    help: `${SEVERAL_ADMINS} or more owners or admins on one account: each can change credentials the others rely on.`,
    evidence: (e) =>
      `${e.fullAccess} teammates on this account are owners or admins; each of them can change the password and API keys everyone else relies on.`,
  },
  stale_admin: {
    label: "Inactive admin",
    tone: "warning",
    help: `An owner or admin who has not logged in for ${STALE_ADMIN_DAYS} days (or ever) but keeps full access.`,
    evidence: (e) =>
      e.daysSinceLogin === null
        ? `${LEVEL_LABELS[e.level]} who has never logged in and still holds full access.`
        : `${LEVEL_LABELS[e.level]} who last logged in ${e.daysSinceLogin} days ago (more than ${STALE_ADMIN_DAYS}) and still holds full access.`,
  },
  changes_then_failures: {
    label: "Change → failed logins",
    tone: "danger",
    help: `The teammate changed a password, username, email or revoked a key, and the account had failed logins within ${FAILURES_WINDOW_DAYS} days.`,
    evidence: (e) =>
      e.change
        ? `Changed the ${e.change.kind.toLowerCase().replace(/_/g, " ")} on ${e.change.on}; the account then had ${e.change.failuresAfter === null ? "failed logins" : plural(e.change.failuresAfter, "failed login")} within ${FAILURES_WINDOW_DAYS} days.`
        : "",
  },
  shared_login: {
    label: "Shared login",
    tone: "danger",
    help: "The account has no teammates besides its own login, while API or SMTP integrations use that password.",
    evidence: (e) =>
      `The account's only login: everyone shares it, and ${plural(e.integrations, "API/SMTP integration")} use its password, so a password change by anyone breaks them.`,
  },
};
