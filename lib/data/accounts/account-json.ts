// The shapes the account page's single statement returns as JSON (./account-sql.ts),
// checked and turned back into the engine's plain types (lib/diagnosis/types.ts).
// PostgreSQL's JSON has no dates and no BigInt: timestamps arrive as ISO strings with an
// offset (made Dates here), bigint ids as decimal strings (the SQL casts them). Each
// schema is typed against the DTO it produces, so a column the SQL forgets, misnames or
// returns with the wrong type fails here rather than reaching the diagnosis as undefined.
import { z } from "zod";
import type {
  AccountRecord,
  AccountStatus,
  ApiKeyFacts,
  BanFacts,
  BillingWarningFacts,
  BillingWarningKind,
  CredentialChangeFacts,
  CredentialKind,
  DedicatedIpFacts,
  IntegrationFacts,
  IntegrationKind,
  InvoiceFacts,
  LoginAttemptFacts,
  LoginChannel,
  LoginFailureReason,
  LoginMethod,
  LoginOutcome,
  ParentFacts,
  SubuserFacts,
  TeammateFacts,
  TeammateLevel,
} from "@/lib/diagnosis/types";

// Each value must be a member of the engine's union (a value the SQL returns outside the list fails).
const oneOf = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values);
const accountStatus = oneOf<AccountStatus>(["ACTIVE", "TERMINATED", "BANNED"]);
const loginMethod = oneOf<LoginMethod>(["PASSWORD", "UNIFIED_LOGIN"]);
const channel = oneOf<LoginChannel>(["WEB", "API", "SMTP"]);
const outcome = oneOf<LoginOutcome>(["SUCCESS", "FAILURE"]);
const reason = oneOf<LoginFailureReason>([
  "WRONG_PASSWORD",
  "UNKNOWN_USERNAME",
  "UNCONFIRMED",
  "TERMINATED",
  "BANNED",
  "BAD_API_KEY",
  "UNIFIED_LOGIN_REQUIRED",
  "LOCKED",
]);
const credentialKind = oneOf<CredentialKind>(["PASSWORD", "USERNAME", "EMAIL", "API_KEY_CREATED", "API_KEY_REVOKED"]);
const level = oneOf<TeammateLevel>(["OWNER", "ADMIN", "RESTRICTED", "READ_ONLY", "BILLING"]);
const integrationKind = oneOf<IntegrationKind>(["SMTP_RELAY", "LEGACY_API"]);
const warningKind = oneOf<BillingWarningKind>(["PAYMENT_FAILED", "REMINDER", "FINAL_NOTICE", "TERMINATION_NOTICE"]);

/** A timestamptz (or date) as PostgreSQL writes it in JSON, e.g. `2026-11-18T15:30:00.123+00:00`. */
export const timestamp = z.string().pipe(z.coerce.date());
const int = z.number().int();
/** A bigint id, sent as text by the SQL (`id::text`) because JSON numbers stop at 2^53. */
export const bigintText = z.string().regex(/^\d{1,20}$/);

export const banJson = z.object({
  id: int,
  bannedAt: timestamp,
  reason: z.string(),
  banEmailRef: z.string().nullable(),
  cascadeSubusers: z.boolean(),
  inheritedFromId: int.nullable(),
}) satisfies z.ZodType<BanFacts>;

const accountJson = z.object({
  id: int,
  username: z.string(),
  email: z.string(),
  loginMethod,
  unifiedLoginId: z.string().nullable(),
  status: accountStatus,
  plan: z.string(),
  createdAt: timestamp,
  confirmedAt: timestamp.nullable(),
  lastLoginAt: timestamp.nullable(),
  passwordChangedAt: timestamp.nullable(),
  lockedUntil: timestamp.nullable(),
  terminatedAt: timestamp.nullable(),
  parentId: int.nullable(),
  deletedAt: timestamp.nullable(),
}) satisfies z.ZodType<AccountRecord>;

const parentJson = z.object({
  id: int,
  username: z.string(),
  email: z.string(),
  status: accountStatus,
  ban: banJson.nullable(),
}) satisfies z.ZodType<ParentFacts>;

const teammateJson = z.object({
  id: int,
  username: z.string(),
  email: z.string(),
  level,
  scopes: z.array(z.string()),
  lastLoginAt: timestamp.nullable(),
  deletedAt: timestamp.nullable(),
}) satisfies z.ZodType<TeammateFacts>;

const apiKeyJson = z.object({
  id: int,
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  createdById: int.nullable(),
  revokedAt: timestamp.nullable(),
  revokedById: int.nullable(),
}) satisfies z.ZodType<ApiKeyFacts>;

const integrationJson = z.object({
  id: int,
  kind: integrationKind,
  name: z.string(),
  apiUser: z.string(),
  lastUsedAt: timestamp.nullable(),
}) satisfies z.ZodType<IntegrationFacts>;

const credentialChangeJson = z.object({
  id: int,
  kind: credentialKind,
  teammateId: int.nullable(),
  actorLabel: z.string(),
  ip: z.string().nullable(),
  detail: z.string().nullable(),
  occurredAt: timestamp,
}) satisfies z.ZodType<CredentialChangeFacts>;

const loginAttemptJson = z.object({
  id: bigintText,
  channel,
  outcome,
  reason: reason.nullable(),
  usernameTried: z.string().nullable(),
  apiKeyPrefix: z.string().nullable(),
  ip: z.string(),
  teammateId: int.nullable(),
  occurredAt: timestamp,
}) satisfies z.ZodType<LoginAttemptFacts>;

const invoiceJson = z.object({
  id: int,
  period: timestamp,
  amountCents: int,
  currency: z.string(),
  issuedAt: timestamp,
  dueAt: timestamp,
  paidAt: timestamp.nullable(),
}) satisfies z.ZodType<InvoiceFacts>;

const billingWarningJson = z.object({
  id: int,
  invoiceId: int.nullable(),
  kind: warningKind,
  sentTo: z.string(),
  sentAt: timestamp,
}) satisfies z.ZodType<BillingWarningFacts>;

const subuserJson = z.object({ id: int, username: z.string(), status: accountStatus }) satisfies z.ZodType<SubuserFacts>;

const dedicatedIpJson = z.object({
  id: int,
  address: z.string(),
  assignedAt: timestamp,
  removedAt: timestamp.nullable(),
  removedReason: z.string().nullable(),
}) satisfies z.ZodType<DedicatedIpFacts>;

/** Everything the diagnosis reads about one account (AccountSubject without its `kind`). */
export const accountFactsJson = z.object({
  account: accountJson,
  parent: parentJson.nullable(),
  ban: banJson.nullable(),
  teammates: z.array(teammateJson),
  apiKeys: z.array(apiKeyJson),
  integrations: z.array(integrationJson),
  credentialChanges: z.array(credentialChangeJson),
  loginAttempts: z.array(loginAttemptJson),
  unknownUsernameAttempts: z.array(loginAttemptJson),
  invoices: z.array(invoiceJson),
  billingWarnings: z.array(billingWarningJson),
  subusers: z.array(subuserJson),
  dedicatedIps: z.array(dedicatedIpJson),
});
