// Input and output of the diagnosis engine.
//
// The input is plain data: string-literal unions mirror the Prisma enums so the engine
// never imports the generated client (it stays pure and testable without a database),
// and the data layer maps rows onto these shapes. Every date is a `Date` read as UTC.

// ---------------------------------------------------------------- enums (mirrors)

export type AccountStatus = "ACTIVE" | "TERMINATED" | "BANNED";
export type LoginMethod = "PASSWORD" | "UNIFIED_LOGIN";
export type LoginChannel = "WEB" | "API" | "SMTP";
export type LoginOutcome = "SUCCESS" | "FAILURE";
export type LoginFailureReason =
  "WRONG_PASSWORD" | "UNKNOWN_USERNAME" | "UNCONFIRMED" | "TERMINATED" | "BANNED" | "BAD_API_KEY" | "UNIFIED_LOGIN_REQUIRED" | "LOCKED";
export type CredentialKind = "PASSWORD" | "USERNAME" | "EMAIL" | "API_KEY_CREATED" | "API_KEY_REVOKED";
export type TeammateLevel = "OWNER" | "ADMIN" | "RESTRICTED" | "READ_ONLY" | "BILLING";
export type IntegrationKind = "SMTP_RELAY" | "LEGACY_API";
export type BillingWarningKind = "PAYMENT_FAILED" | "REMINDER" | "FINAL_NOTICE" | "TERMINATION_NOTICE";

// ---------------------------------------------------------------- input

/** A sign-up awaiting confirmation: the platform has no account for it yet. */
export interface SignUpFacts {
  id: number;
  username: string;
  email: string;
  createdAt: Date;
  ip: string | null;
  confirmationsSent: number;
  lastConfirmationSentAt: Date;
  confirmationExpiresAt: Date;
  confirmedAt: Date | null;
}

export interface AccountRecord {
  id: number;
  username: string;
  email: string;
  loginMethod: LoginMethod;
  unifiedLoginId: string | null;
  status: AccountStatus;
  plan: string;
  createdAt: Date;
  confirmedAt: Date | null;
  lastLoginAt: Date | null;
  passwordChangedAt: Date | null;
  lockedUntil: Date | null;
  terminatedAt: Date | null;
  parentId: number | null;
  /** The platform deleted the account (account.deleted): a tombstone. */
  deletedAt: Date | null;
}

export interface BanFacts {
  id: number;
  bannedAt: Date;
  reason: string;
  /** Reference of the email that told the customer; they may answer it. */
  banEmailRef: string | null;
  cascadeSubusers: boolean;
  /** Set on a subuser's ban row when it was inherited from the parent's ban. */
  inheritedFromId: number | null;
}

export interface ParentFacts {
  id: number;
  username: string;
  email: string;
  status: AccountStatus;
  ban: BanFacts | null;
}

export interface TeammateFacts {
  id: number;
  username: string;
  email: string;
  level: TeammateLevel;
  scopes: readonly string[];
  lastLoginAt: Date | null;
  deletedAt: Date | null;
}

export interface ApiKeyFacts {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdById: number | null;
  revokedAt: Date | null;
  revokedById: number | null;
}

/** Something the customer runs that authenticates with the account password. */
export interface IntegrationFacts {
  id: number;
  kind: IntegrationKind;
  name: string;
  apiUser: string;
  lastUsedAt: Date | null;
}

export interface CredentialChangeFacts {
  id: number;
  kind: CredentialKind;
  /** The teammate who made it; null when it was the shared account login. */
  teammateId: number | null;
  /** Who made it as the platform recorded it ("alice", "account login", "platform support"). */
  actorLabel: string;
  ip: string | null;
  detail: string | null;
  occurredAt: Date;
}

export interface LoginAttemptFacts {
  /** The row's BigInt id as a decimal string (BigInt does not survive JSON). */
  id: string;
  channel: LoginChannel;
  outcome: LoginOutcome;
  reason: LoginFailureReason | null;
  usernameTried: string | null;
  apiKeyPrefix: string | null;
  ip: string;
  /** The teammate whose login was used; null for the shared account login. */
  teammateId: number | null;
  occurredAt: Date;
}

export interface InvoiceFacts {
  id: number;
  /** First day of the billed month, 00:00 UTC. */
  period: Date;
  amountCents: number;
  currency: string;
  issuedAt: Date;
  dueAt: Date;
  paidAt: Date | null;
}

export interface BillingWarningFacts {
  id: number;
  invoiceId: number | null;
  kind: BillingWarningKind;
  sentTo: string;
  sentAt: Date;
}

export interface SubuserFacts {
  id: number;
  username: string;
  status: AccountStatus;
}

export interface DedicatedIpFacts {
  id: number;
  address: string;
  assignedAt: Date;
  removedAt: Date | null;
  removedReason: string | null;
}

export interface SignUpSubject {
  kind: "signup";
  signUp: SignUpFacts;
}

export interface AccountSubject {
  kind: "account";
  account: AccountRecord;
  /** Present for subusers. */
  parent: ParentFacts | null;
  ban: BanFacts | null;
  teammates: readonly TeammateFacts[];
  apiKeys: readonly ApiKeyFacts[];
  integrations: readonly IntegrationFacts[];
  /** Recent changes, newest first (diagnose re-sorts defensively). */
  credentialChanges: readonly CredentialChangeFacts[];
  /** Recent attempts on this account, newest first (diagnose re-sorts defensively). */
  loginAttempts: readonly LoginAttemptFacts[];
  /**
   * Failures whose username matched no account, made from IPs this account has used
   * (the data layer finds them by IP: they carry no account id). Newest first.
   */
  unknownUsernameAttempts: readonly LoginAttemptFacts[];
  invoices: readonly InvoiceFacts[];
  billingWarnings: readonly BillingWarningFacts[];
  subusers: readonly SubuserFacts[];
  dedicatedIps: readonly DedicatedIpFacts[];
}

export interface SubjectFacts {
  subject: SignUpSubject | AccountSubject;
}

// ---------------------------------------------------------------- output

export type Severity = "blocking" | "likely" | "informational";

export type FindingCode =
  | "ACCOUNT_DELETED"
  | "ACCOUNT_BANNED"
  | "PARENT_BANNED"
  | "TERMINATED_NONPAYMENT"
  | "SIGNUP_UNCONFIRMED"
  | "UNIFIED_LOGIN_REQUIRED"
  | "TEMPORARILY_LOCKED"
  | "CREDENTIALS_CHANGED_BY_OTHER"
  | "WRONG_PASSWORD"
  | "UNKNOWN_USERNAME"
  | "API_CREDENTIALS_REJECTED"
  | "AT_RISK_NONPAYMENT"
  | "UNPAID_BALANCE"
  | "NO_PROBLEM_FOUND"
  | "SHARED_LOGIN";

/** Points at an entry the account page shows (timeline or a panel). */
export type EvidenceRef =
  | { kind: "login_attempt"; id: string }
  | { kind: "credential_change"; id: number }
  | { kind: "billing_warning"; id: number }
  | { kind: "invoice"; id: number }
  | { kind: "ban"; id: number }
  | { kind: "signup"; id: number }
  | { kind: "account"; id: number }
  | { kind: "api_key"; id: number }
  | { kind: "teammate"; id: number }
  | { kind: "subuser"; id: number }
  | { kind: "dedicated_ip"; id: number }
  | { kind: "integration"; id: number };

export interface EvidenceItem {
  label: string;
  /** When it happened, if it is an event. */
  at: Date | null;
  ref: EvidenceRef;
}

export type ActionName = "send_password_reset" | "send_username_recovery" | "resend_confirmation" | "reactivate_account";

export const ACTION_NAMES: readonly ActionName[] = ["send_password_reset", "send_username_recovery", "resend_confirmation", "reactivate_account"];

/** What one finding says about an action: it recommends it, or it forbids it. */
export type ActionOpinion = { allowed: true; reason: string } | { allowed: false; reason: string };

/** The password-reset warning: a new password breaks these until they are updated. */
export interface ActionWarning {
  message: string;
  integrations: readonly { id: number; name: string; kind: IntegrationKind }[];
}

/** The merged verdict the console shows and the server enforces. */
export type ActionVerdict =
  | {
      allowed: true;
      /** True when a finding recommends it; `reason` then says why. */
      recommended: boolean;
      reason: string | null;
      warning: ActionWarning | null;
    }
  | {
      allowed: false;
      reason: string;
      /** The finding that refused it, or null when the subject itself rules it out. */
      refusedBy: FindingCode | null;
    };

/**
 * The reply once the recommended email has gone out: `opening`, the UTC time it was
 * sent, then `rest` (a reply written before sending offers it instead of claiming it).
 */
export interface SentReply {
  action: ActionName;
  opening: string;
  rest: string;
}

/** Evidence a finding shares with a higher-ranked one: listed there, referred to here. */
export interface SharedEvidence {
  code: FindingCode;
  title: string;
  count: number;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  title: string;
  /** A few words for the account header and search rows: "Locked · 7 days left", "Banned". */
  verdict: string;
  /** Plain language for the agent, with numbers and UTC dates. */
  explanation: string;
  evidence: readonly EvidenceItem[];
  nextSteps: readonly string[];
  /** Only the actions this finding has a view on; `Diagnosis.actions` has all of them. */
  actions: Partial<Record<ActionName, ActionOpinion>>;
  /**
   * Short text the agent can paste into the ticket, in the customer's terms, true before
   * anything is sent: it offers the email the finding recommends rather than claiming it.
   */
  customerReply: string;
  /** The reply once that email was sent (see `replyFor`); null when nothing is sent. */
  sentReply: SentReply | null;
  /**
   * Set by diagnose when an action this finding recommends is refused by a
   * higher-priority finding (wrong password on a banned account): the finding still
   * explains what happened, but its advice and reply do not apply.
   */
  overruledBy: FindingCode | null;
  /**
   * Set by diagnose: evidence this finding shares with higher-ranked findings is listed
   * only under the first of them (and removed from `evidence` here); one entry each.
   */
  sharedEvidence: readonly SharedEvidence[];
}

/** What a rule returns; diagnose adds the cross-finding fields. */
export type RuleFinding = Omit<Finding, "overruledBy" | "sharedEvidence" | "sentReply"> & { sentReply?: SentReply | null };

export interface Diagnosis {
  subjectKind: "signup" | "account";
  /** Ranked: blocking, likely, informational; within a severity by fixed priority. */
  findings: readonly Finding[];
  actions: Record<ActionName, ActionVerdict>;
  /** The reply to paste: that of the first finding not overruled. */
  customerReply: string;
}
