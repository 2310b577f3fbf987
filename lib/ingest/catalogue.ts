// The platform event catalogue: one zod schema per CloudEvents `type`, for the `data`
// member of the event. It is the single source of truth: the ingest endpoint validates
// with it, `GET /api/ingest/v1/schema` serves the JSON Schema generated from it, and the
// importer and the simulator build their events against it.
//
// Naming: plain `<record>.<past-tense verb>` (`account.created`, `login.attempted`).
// The CloudEvents `source` attribute already says which system sent it, so a reverse-DNS
// prefix would only add noise to every curl example.
//
// Conventions every type follows:
// - Records are named by the platform's own string ids (`account_id`, `teammate_id`…);
//   the console maps them to its own ids per event source (see lib/ingest/README in the
//   project README, "Platform events").
// - The event's `time` attribute (required) is when the fact happened on the platform:
//   it versions state (an older event never overwrites newer state) and is the
//   timestamp of facts that are moments (a login attempt, a warning sent, a ban).
// - Field names are snake_case, enum values lower-case; both are mapped to the console's
//   columns and enums in lib/ingest/apply/.
import { z } from "zod";
import type { TeammateLevel } from "@/lib/generated/prisma/enums";

const MAX_ID = 128;
const MAX_TEXT = 500;

/** A platform record id: opaque, compared exactly (never case-folded). */
const platformId = (what: string) => z.string().min(1).max(MAX_ID).describe(`The platform's id of the ${what} (opaque string, compared exactly).`);

const username = z.string().trim().min(1).max(100).describe("As the customer types it; matched case-insensitively by the console.");
// Messages a sender can act on: zod's defaults for these ("Invalid input" for the union)
// do not say what was expected.
const email = z.email({ error: "expected an email address" }).max(254);
const ip = z.union([z.ipv4(), z.ipv6()], { error: "expected an IPv4 or IPv6 address" }).describe("IPv4 or IPv6 address, no port.");
const userAgent = z.string().max(MAX_TEXT);
const isoTime = z.iso
  .datetime({ offset: true, error: "expected an RFC 3339 timestamp with a zone, e.g. 2026-11-30T08:00:00Z" })
  .describe("RFC 3339 timestamp, e.g. 2026-11-30T08:00:00Z.");
const scopes = z.array(z.string().min(1).max(100)).max(200);

export const LOGIN_METHODS = ["password", "unified_login"] as const;
export const ACCOUNT_STATUSES = ["active", "terminated", "banned"] as const;
/**
 * The platform's words for teammate levels, as events carry them; lib/ingest/apply stores
 * them upper-cased as the console's (TEAMMATE_LEVELS in lib/model/teammate-levels.ts),
 * which the `satisfies` holds to.
 */
export const PLATFORM_TEAMMATE_LEVELS = ["owner", "admin", "restricted", "read_only", "billing"] as const satisfies readonly Lowercase<TeammateLevel>[];
export const INTEGRATION_KINDS = ["smtp_relay", "legacy_api"] as const;
export const CREDENTIAL_KINDS = ["password", "username", "email", "api_key_created", "api_key_revoked"] as const;
export const LOGIN_CHANNELS = ["web", "api", "smtp"] as const;
export const LOGIN_FAILURE_REASONS = [
  "wrong_password",
  "unknown_username",
  "unconfirmed",
  "terminated",
  "banned",
  "bad_api_key",
  "unified_login_required",
  "locked",
] as const;
export const BILLING_WARNING_KINDS = ["payment_failed", "reminder", "final_notice", "termination_notice"] as const;

// ------------------------------------------------------------------ accounts

/** The account fields a later `account.updated` may change (all optional there). */
const accountState = {
  username,
  email,
  login_method: z.enum(LOGIN_METHODS).describe("password: the platform keeps a password; unified_login: signs in through the parent company."),
  unified_login_id: z.string().min(1).max(MAX_ID).nullable().describe("The parent company's user id (unified_login accounts)."),
  plan: z.string().min(1).max(100),
  status: z.enum(ACCOUNT_STATUSES).describe("Prefer account.terminated / account.banned, which carry the when and why."),
  parent_account_id: platformId("parent account (subusers only)").nullable(),
  locked_until: isoTime.nullable().describe("Set after repeated failed logins; login is refused until then. null unlocks."),
};

const accountCreated = z.strictObject({
  account_id: platformId("account"),
  ...accountState,
  login_method: accountState.login_method.default("password"),
  unified_login_id: accountState.unified_login_id.optional(),
  plan: accountState.plan.default("free"),
  status: accountState.status.default("active"),
  parent_account_id: accountState.parent_account_id.optional(),
  locked_until: accountState.locked_until.optional(),
  confirmed_at: isoTime.nullable().optional().describe("When the sign-up was confirmed; defaults to the event time."),
});

const accountUpdated = z
  .strictObject({
    account_id: platformId("account"),
    username: accountState.username.optional(),
    email: accountState.email.optional(),
    login_method: accountState.login_method.optional(),
    unified_login_id: accountState.unified_login_id.optional(),
    plan: accountState.plan.optional(),
    status: accountState.status.optional(),
    parent_account_id: accountState.parent_account_id.optional(),
    locked_until: accountState.locked_until.optional(),
  })
  .refine((d) => Object.keys(d).length > 1, { message: "expected at least one field to change besides account_id" });

const accountRef = z.strictObject({ account_id: platformId("account") });

const accountBanned = z.strictObject({
  account_id: platformId("account"),
  reason: z.string().trim().min(1).max(MAX_TEXT).describe("Shown to the agent as the ban reason."),
  ban_email_ref: z.string().min(1).max(200).nullable().optional().describe("Reference of the email that told the customer."),
  cascade_subusers: z.boolean().default(true).describe("Subusers (accounts whose parent is this one) are banned with it."),
  dedicated_ips: z
    .array(z.strictObject({ address: ip, assigned_at: isoTime.optional() }))
    .max(1000)
    .default([])
    .describe("Dedicated IPs removed with the ban (any the console already knows for the account are removed too)."),
});

// ------------------------------------------------------------------ sign-ups

const signupCreated = z.strictObject({
  signup_id: platformId("sign-up"),
  username,
  email,
  ip: ip.nullable().optional(),
  confirmation_expires_at: isoTime.describe("When the first confirmation link expires."),
});

const signupConfirmationSent = z.strictObject({
  signup_id: platformId("sign-up"),
  expires_at: isoTime.describe("When this (newest) link expires."),
});

const signupConfirmed = z.strictObject({
  signup_id: platformId("sign-up"),
  account_id: platformId("account created by the confirmation").optional(),
});

const signupExpired = z.strictObject({ signup_id: platformId("sign-up") });

// ------------------------------------------------------------------ teammates, keys, integrations

const teammateAdded = z.strictObject({
  account_id: platformId("account"),
  teammate_id: platformId("teammate"),
  username,
  email,
  level: z.enum(PLATFORM_TEAMMATE_LEVELS),
  scopes: scopes.default([]).describe("Only meaningful for level restricted."),
});

const teammateChanged = z
  .strictObject({
    account_id: platformId("account"),
    teammate_id: platformId("teammate"),
    username: username.optional(),
    email: email.optional(),
    level: z.enum(PLATFORM_TEAMMATE_LEVELS).optional(),
    scopes: scopes.optional(),
  })
  .refine((d) => Object.keys(d).length > 2, { message: "expected at least one field to change besides account_id and teammate_id" });

const teammateRemoved = z.strictObject({ account_id: platformId("account"), teammate_id: platformId("teammate") });

const apiKeyCreated = z.strictObject({
  account_id: platformId("account"),
  api_key_id: platformId("API key"),
  name: z.string().min(1).max(200),
  prefix: z.string().min(4).max(40).describe("The key's first characters (e.g. SG.ab12cd34), never the secret."),
  scopes: scopes.default([]),
  created_by_teammate_id: platformId("teammate who created it").nullable().optional(),
});

const apiKeyRevoked = z.strictObject({
  account_id: platformId("account"),
  api_key_id: platformId("API key"),
  revoked_by_teammate_id: platformId("teammate who revoked it").nullable().optional(),
});

const integrationAdded = z.strictObject({
  account_id: platformId("account"),
  integration_id: platformId("password integration"),
  kind: z.enum(INTEGRATION_KINDS).describe("smtp_relay: SMTP AUTH with username and password; legacy_api: api_user + password."),
  name: z.string().min(1).max(200),
  api_user: z.string().min(1).max(200).describe("The username the integration authenticates with."),
});

const integrationRemoved = z.strictObject({ account_id: platformId("account"), integration_id: platformId("password integration") });

// ------------------------------------------------------------------ credentials and logins

const credentialChanged = z.strictObject({
  account_id: platformId("account"),
  kind: z.enum(CREDENTIAL_KINDS),
  teammate_id: platformId("teammate who made the change")
    .nullable()
    .default(null)
    .describe("null (or absent): the change was made with the shared account login."),
  actor_label: z.string().min(1).max(200).optional().describe("Who, as the platform recorded it; defaults to the teammate's username or 'account login'."),
  ip: ip.nullable().optional(),
  user_agent: userAgent.nullable().optional(),
  detail: z.string().max(MAX_TEXT).nullable().optional(),
});

const loginAttemptBase = {
  account_id: platformId("account signed in to").nullable().default(null).describe("null when the username tried matches no account (found by IP instead)."),
  teammate_id: platformId("teammate who signed in").nullable().default(null),
  channel: z.enum(LOGIN_CHANNELS),
  username_tried: z.string().max(200).nullable().default(null),
  api_key_prefix: z.string().max(40).nullable().default(null).describe("API channel: the prefix of the key presented."),
  ip,
  user_agent: userAgent.nullable().default(null),
};

const loginAttempted = z.discriminatedUnion("outcome", [
  z.strictObject({ ...loginAttemptBase, outcome: z.literal("success") }),
  z.strictObject({ ...loginAttemptBase, outcome: z.literal("failure"), reason: z.enum(LOGIN_FAILURE_REASONS) }),
]);

// ------------------------------------------------------------------ billing

const invoiceIssued = z.strictObject({
  account_id: platformId("account"),
  invoice_id: platformId("invoice"),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected the billed month as YYYY-MM")
    .describe("The billed month, YYYY-MM."),
  amount_cents: z.int().min(0).max(1_000_000_000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD")
    .default("USD"),
  due_at: isoTime,
});

const invoicePaid = z.strictObject({ account_id: platformId("account"), invoice_id: platformId("invoice") });

const billingWarningSent = z.strictObject({
  account_id: platformId("account"),
  invoice_id: platformId("invoice the warning is about").nullable().default(null),
  kind: z.enum(BILLING_WARNING_KINDS),
  sent_to: email,
});

// ------------------------------------------------------------------ text rules

/**
 * Nesting an event may have (envelope, data, a list, its items: 4 today). Deeper input is
 * not an event but a broken or hostile serialiser, and recursive code (JSON.stringify
 * measuring it, validators) would run out of stack on it.
 */
export const MAX_EVENT_DEPTH = 32;

// NUL: PostgreSQL text and jsonb cannot hold it. A lone surrogate is not a character:
// the driver would silently store U+FFFD instead, and jsonb refuses its \u escape.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this text cannot be stored as sent, or null when it can. */
export function unstorableText(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  const at = `at character ${match.index + 1}`;
  if (match[0] === "\u0000") return `contains a NUL character (U+0000) ${at}, which cannot be stored: remove it`;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone surrogate (U+${code}) ${at}, which is not Unicode text: send UTF-8 text (is it mis-decoded or cut in the middle of a character?)`;
}

/**
 * The first string (key or value) anywhere in a parsed JSON value that cannot be
 * stored, or a nesting beyond MAX_EVENT_DEPTH, with its path as reasons name fields
 * (`data.dedicated_ips.0.address`). Iterative, so no input can exhaust the stack.
 */
export function findUnstorable(value: unknown, root: readonly string[] = []): { path: string; problem: string } | null {
  const stack: { value: unknown; path: readonly string[]; depth: number }[] = [{ value, path: root, depth: 0 }];
  const name = (path: readonly string[]) => (path.length ? path.join(".") : "event");
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: v, path, depth } = item;
    if (typeof v === "string") {
      const problem = unstorableText(v);
      if (problem) return { path: name(path), problem };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= MAX_EVENT_DEPTH) return { path: name(path), problem: `nested deeper than ${MAX_EVENT_DEPTH} levels: not an event` };
    // An array's entries are its indices ("0", "1"…: a parsed JSON array has no holes),
    // whose names are always storable, so arrays and objects go the same way.
    const entries = Object.entries(v);
    for (const [key] of entries) {
      const keyProblem = unstorableText(key);
      if (keyProblem) return { path: name(path), problem: `has a member name that ${keyProblem}` };
    }
    // Reversed onto the stack, so the first offending field in reading order is named.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

// ------------------------------------------------------------------ the catalogue

export const EVENT_CATALOGUE = {
  "account.created": { schema: accountCreated, summary: "An account exists (after sign-up confirmation, or created by the platform)." },
  "account.updated": { schema: accountUpdated, summary: "Some of an account's fields changed; only the fields present are changed." },
  "account.deleted": { schema: accountRef, summary: "The account was deleted on the platform (a tombstone: later updates are ignored)." },
  "account.terminated": { schema: accountRef, summary: "Billing closed the account for an unpaid balance." },
  "account.banned": { schema: accountBanned, summary: "The account was banned for good, with its subusers and dedicated IPs." },
  "signup.created": { schema: signupCreated, summary: "Someone signed up; the account exists only once the email is confirmed." },
  "signup.confirmation_sent": { schema: signupConfirmationSent, summary: "A (new) confirmation link was emailed." },
  "signup.confirmed": { schema: signupConfirmed, summary: "The confirmation link was followed." },
  "signup.expired": { schema: signupExpired, summary: "The confirmation link expired unused." },
  "teammate.added": { schema: teammateAdded, summary: "A teammate login was added to an account." },
  "teammate.changed": { schema: teammateChanged, summary: "A teammate's username, email, level or scopes changed." },
  "teammate.removed": { schema: teammateRemoved, summary: "A teammate was removed (kept as deleted: old attempts still name them)." },
  "api_key.created": { schema: apiKeyCreated, summary: "An API key was created." },
  "api_key.revoked": { schema: apiKeyRevoked, summary: "An API key was revoked." },
  "integration.added": { schema: integrationAdded, summary: "A password integration (SMTP relay, legacy API) was configured." },
  "integration.removed": { schema: integrationRemoved, summary: "A password integration was removed." },
  "credential.changed": { schema: credentialChanged, summary: "A password, username, email or API key changed, by whom and from where." },
  "login.attempted": { schema: loginAttempted, summary: "A sign-in attempt on the web, API or SMTP, successful or not." },
  "invoice.issued": { schema: invoiceIssued, summary: "A monthly invoice was issued." },
  "invoice.paid": { schema: invoicePaid, summary: "An invoice was paid." },
  "billing.warning_sent": { schema: billingWarningSent, summary: "A billing warning email was sent." },
} as const satisfies Record<string, { schema: z.ZodType; summary: string }>;

export type EventType = keyof typeof EVENT_CATALOGUE;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];
export type EventData<T extends EventType> = z.output<(typeof EVENT_CATALOGUE)[T]["schema"]>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}

/**
 * The JSON Schema of every type's `data`, as `GET /api/ingest/v1/schema` serves it.
 * Computed once: the catalogue is static.
 */
let cachedJsonSchema: Record<string, unknown> | null = null;
export function catalogueJsonSchema(): Record<string, unknown> {
  cachedJsonSchema ??= buildCatalogueJsonSchema();
  return cachedJsonSchema;
}

/** The document itself, computed anew (tests: a cached one outlives a module's reload). */
export function buildCatalogueJsonSchema(): Record<string, unknown> {
  const types: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const entry = EVENT_CATALOGUE[type];
    types[type] = { summary: entry.summary, data: z.toJSONSchema(entry.schema, { io: "input", unrepresentable: "any" }) };
  }
  return {
    specversion: "1.0",
    description:
      "CloudEvents 1.0, structured mode (one event, a batch array or NDJSON) or binary mode (one event: ce-* headers, the body as data). Envelope: specversion '1.0', id (unique per source), source, type (below), time (RFC 3339, required: it orders state), datacontenttype 'application/json' (or absent), data (schema per type below). At most 32 KiB and 32 levels of nesting per event; every string must be Unicode text without NUL (U+0000) or lone surrogates.",
    types,
  };
}
