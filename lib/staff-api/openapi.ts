// The staff API's OpenAPI 3.1 document, generated from the zod schemas that validate its
// requests and describe its answers (lib/validation/staff-api.ts): one source, so the
// document cannot drift from what the endpoints accept. Served at
// /api/staff/v1/openapi.json without a token.
import { z } from "zod";
import {
  accountRequest,
  accountResponse,
  actionBody,
  actionPath,
  actionResponse,
  errorResponse,
  searchRequest,
  searchResponse,
  signUpRequest,
  signUpResponse,
} from "@/lib/validation/staff-api";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** A URL input schema as OpenAPI parameters: `id` in the path, the rest in the query string. */
function parameters(schema: z.ZodType) {
  const json = jsonSchema(schema, "input");
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: name === "id" ? "path" : "query",
    required: name === "id" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { "application/json": { schema: ref(name) } } });

const ERRORS: Record<string, string> = {
  "400": "INVALID_REQUEST: the field is named in the message",
  "401": "UNAUTHENTICATED: no token, or an unknown, expired or revoked one, or its owner is disabled",
  "403": "SCOPE_MISSING (the token lacks the scope) or FORBIDDEN (the staff member's role does not allow it)",
  "404": "NOT_FOUND",
  "429": "RATE_LIMITED: over the token's calls per minute (Retry-After), or a recovery email limit",
};

function operation(summary: string, scope: "read" | "act", input: z.ZodType, answer: string, extra: Record<string, string> = {}) {
  const errors = { ...ERRORS, ...extra };
  return {
    summary,
    description: `Scope: \`${scope}\`.`,
    parameters: parameters(input),
    responses: {
      "200": { description: "OK", ...json(answer) },
      ...Object.fromEntries(Object.entries(errors).map(([status, description]) => [status, { description, ...json("Error") }])),
    },
  };
}

const ACTION_ERRORS = {
  "409": "CONFLICT: the same idempotency key with another request",
  "413": "BODY_TOO_LARGE: over 4 KiB",
  "422": "REFUSED: a guard of the diagnosis (banned account, unified login…), named in the message",
};

function actionOperation(summary: string) {
  return { ...operation(summary, "act", actionPath, "ActionResponse", ACTION_ERRORS), requestBody: { required: true, ...json("ActionBody") } };
}

export function staffApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Access console staff API",
      version: "1",
      description:
        'Personal access tokens (Authorization: Bearer acs_pat_…), created on the console\'s settings page. Every error is {"error": {"code", "message"}}.',
    },
    servers: [{ url: "/api/staff/v1" }],
    security: [{ personalToken: [] }],
    components: {
      securitySchemes: { personalToken: { type: "http", scheme: "bearer", description: "A personal access token: acs_pat_<8 hex>_<secret>" } },
      schemas: {
        Error: jsonSchema(errorResponse, "output"),
        SearchResponse: jsonSchema(searchResponse, "output"),
        AccountResponse: jsonSchema(accountResponse, "output"),
        SignUpResponse: jsonSchema(signUpResponse, "output"),
        ActionResponse: jsonSchema(actionResponse, "output"),
        ActionBody: jsonSchema(actionBody, "input"),
      },
    },
    paths: {
      "/search": { get: operation("Find customers, as the console's search page does (audited as a search)", "read", searchRequest, "SearchResponse") },
      "/accounts/{id}": {
        get: operation("One account: verdict, ranked findings, actions, composed reply, emails (audited as a view)", "read", accountRequest, "AccountResponse"),
      },
      "/signups/{id}": { get: operation("One unconfirmed sign-up (audited as a view)", "read", signUpRequest, "SignUpResponse") },
      "/accounts/{id}/password-reset": { post: actionOperation("Queue a password reset to the address on record") },
      "/accounts/{id}/username-reminder": { post: actionOperation("Queue a username reminder to the address on record") },
      "/signups/{id}/confirmation-resend": { post: actionOperation("Resend the sign-up's confirmation email") },
      "/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
    },
  };
}
