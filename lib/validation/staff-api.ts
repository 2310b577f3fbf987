// The staff API's inputs and answers (/api/staff/v1, docs/staff-api.md), and the personal
// access tokens' form. The same schemas validate the requests (through the platform door)
// and generate the OpenAPI document (lib/staff-api/openapi.ts): no hand-written copy.
import { z } from "zod";
import { idempotencyKey } from "./recovery";
import { recordId, ticketRef } from "./common";
import { MAX_SEARCH_LENGTH } from "./url-input";

// ---------------------------------------------------------------- personal access tokens

export const STAFF_API_SCOPES = ["read", "act"] as const;
export type StaffApiScope = (typeof STAFF_API_SCOPES)[number];
export const MAX_TOKEN_DAYS = 90;

export const createPersonalTokenInput = z.object({
  name: z.string({ error: "Name the token." }).trim().min(1, "Name the token.").max(80, "A token name has at most 80 characters."),
  scopes: z
    .array(z.enum(STAFF_API_SCOPES, { error: "Scopes are read and act." }), { error: "Pick at least one scope." })
    .min(1, "Pick at least one scope.")
    .transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z.coerce
    .number({ error: "Pick how many days the token lasts." })
    .int("Pick a whole number of days.")
    .min(1, "A token lasts at least 1 day.")
    .max(MAX_TOKEN_DAYS, `A token lasts at most ${MAX_TOKEN_DAYS} days.`),
});
export type CreatePersonalTokenInput = z.input<typeof createPersonalTokenInput>;

export const revokePersonalTokenInput = z.object({ tokenId: recordId("Pick a token (a number).") });

// ---------------------------------------------------------------- requests

const optionalTicket = z.object({ ticket: ticketRef.optional() });

export const searchRequest = z.strictObject({
  q: z.string({ error: "q is required: an email, username, account id or API key prefix." }).trim().min(1, "q is required.").max(MAX_SEARCH_LENGTH),
  ticket: ticketRef.optional(),
});

export const accountRequest = optionalTicket.extend({ id: recordId("the id must be an account id (a number).") }).strict();
export const signUpRequest = optionalTicket.extend({ id: recordId("the id must be a sign-up id (a number).") }).strict();
export const actionPath = z.strictObject({ id: recordId("the id must be a number.") });

export const actionBody = z.strictObject({
  ticket: ticketRef,
  /** Repeats with the same key answer the email already queued. Generated when absent. */
  idempotencyKey: idempotencyKey.optional(),
});

// ---------------------------------------------------------------- answers

const tone = z.enum(["danger", "warning", "info", "success", "neutral"]);

export const searchResponse = z.object({
  query: z.string(),
  matches: z.array(
    z.object({
      kind: z.enum(["account", "signup"]),
      id: z.int(),
      username: z.string(),
      email: z.string(),
      status: z.enum(["ACTIVE", "TERMINATED", "BANNED", "UNCONFIRMED"]),
      verdict: z.object({ tone, label: z.string() }),
      matchedField: z.string(),
      requesterRelation: z.enum(["owner", "teammate", "subuser", "other"]),
    }),
  ),
});

const isoTime = z.string().describe("ISO 8601");

const finding = z.object({
  code: z.string(),
  severity: z.enum(["blocking", "likely", "informational"]),
  title: z.string(),
  explanation: z.string(),
  evidence: z.array(z.object({ label: z.string(), at: isoTime.nullable() })),
  nextSteps: z.array(z.string()),
});

const apiAction = z.enum(["password_reset", "username_reminder", "confirmation_resend", "reactivate_account"]);

const link = z.object({ state: z.enum(["open", "used", "cancelled", "expired", "superseded"]), expiresAt: isoTime.nullable() });

const email = z.object({
  id: z.int(),
  kind: z.enum(["PASSWORD_RESET", "USERNAME_RECOVERY", "CONFIRMATION_RESEND"]),
  status: z.enum(["QUEUED", "SENDING", "SENT", "FAILED"]),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
  ticketRef: z.string().nullable(),
  link: link.nullable(),
});

const diagnosisFields = {
  verdict: z.object({ tone, label: z.string(), sentence: z.string() }),
  findings: z.array(finding),
  actions: z.object({
    recommended: z.array(z.object({ action: apiAction, label: z.string() })),
    refused: z.array(z.object({ action: apiAction, reason: z.string() })),
  }),
  reply: z.string(),
};

export const accountResponse = z.object({
  account: z.object({
    id: z.int(),
    username: z.string(),
    email: z.string(),
    status: z.string(),
    loginMethod: z.string(),
    createdAt: isoTime,
    lastLoginAt: isoTime.nullable(),
    parentId: z.int().nullable(),
  }),
  ...diagnosisFields,
  warnings: z.object({
    integrationsThatBreak: z.array(z.string()),
    liveLink: z.object({ kind: z.string(), sentAt: isoTime.nullable(), expiresAt: isoTime }).nullable(),
  }),
  emails: z.array(email),
});

export const signUpResponse = z.object({
  signUp: z.object({ id: z.int(), username: z.string(), email: z.string(), createdAt: isoTime, confirmedAt: isoTime.nullable() }),
  ...diagnosisFields,
  emails: z.array(email),
});

export const actionResponse = z.object({
  outcome: z.literal("sent"),
  email: z.object({ outboxId: z.int(), recipient: z.string(), status: z.enum(["QUEUED", "SENDING", "SENT", "FAILED"]), duplicate: z.boolean() }),
});

export const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
