import "server-only";
// The staff API (/api/staff/v1, docs/staff-api.md) through the platform door: every
// endpoint authenticates a staff principal (lib/staff-api/principal.ts), takes one call
// from the token's per-minute allowance, checks the staff member's role as the console's
// pages do, and audits what it read or did naming the staff member, the token (name and
// prefix) and the ticket. The recovery endpoints run the console's own server actions
// (runActionAs): the same guards, rate limits, idempotency and audit entry.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { runActionAs, type ServerAction } from "@/lib/actions/define-action";
import { resendConfirmationAction } from "@/lib/actions/recovery/resend-confirmation";
import { sendPasswordResetAction } from "@/lib/actions/recovery/send-password-reset";
import { sendUsernameRecoveryAction } from "@/lib/actions/recovery/send-username-recovery";
import { writeAudit } from "@/lib/audit/write-audit";
import { can, type Permission } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { getAccountView, getSignUpView } from "@/lib/data/accounts/get-account-view";
import { listOutboxEmails } from "@/lib/data/outbox/list-outbox-emails";
import { searchCustomersAudited } from "@/lib/data/search/search-customers-audited";
import type { Db } from "@/lib/db/prisma";
import { requestMeta } from "@/lib/http/client-address";
import { ApiError, definePlatformRoute, type PlatformHandler, type PlatformRouteSpec } from "@/lib/http/platform-route";
import type { ActionResult } from "@/lib/model/action-result";
import type { QueuedEmailResult } from "@/lib/validation/recovery";
import {
  accountRequest,
  actionBody,
  actionPath,
  searchRequest,
  signUpRequest,
  type accountResponse,
  type actionResponse,
  type searchResponse,
  type signUpResponse,
  type StaffApiScope,
} from "@/lib/validation/staff-api";
import { staffApiAuthenticator, viaDetail, type StaffPrincipal } from "./principal";
import { accountAnswer, signUpAnswer } from "./view";

export const STAFF_API_MAX_BODY_BYTES = 4 * 1024;

/** One call from the token's allowance this minute, counted in PostgreSQL so every instance shares it. */
async function takeCall(db: Db, tokenId: number, now: Date): Promise<void> {
  const limit = config().STAFF_API_RATE_PER_MINUTE;
  const rows = await db.$queryRaw<{ requests: number }[]>`
    INSERT INTO staff_api_rate_windows (token_id, minute, requests)
    VALUES (${tokenId}::int4, date_trunc('minute', ${now}::timestamptz), 1)
    ON CONFLICT (token_id, minute) DO UPDATE SET requests = staff_api_rate_windows.requests + 1
      WHERE staff_api_rate_windows.requests < ${limit}::int4
    RETURNING requests`;
  const row = rows[0];
  if (!row) {
    const retryAfter = String(60 - now.getUTCSeconds());
    throw new ApiError(429, "RATE_LIMITED", `This token made ${limit} calls this minute: retry after ${retryAfter} seconds.`, { "retry-after": retryAfter });
  }
  if (row.requests === 1) {
    // First call of a new minute for this token: clear its old windows.
    await db.$executeRaw`DELETE FROM staff_api_rate_windows WHERE token_id = ${tokenId}::int4 AND minute < date_trunc('minute', ${now}::timestamptz)`;
  }
}

/** CORS: closed (no headers) unless the caller's origin is configured. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin || !config().STAFF_API_CORS_ORIGINS.includes(origin)) return {};
  return { "access-control-allow-origin": origin, vary: "origin" };
}

/** OPTIONS: a preflight from a configured origin is answered; any other gets no CORS headers, so the browser refuses. */
export function staffApiPreflight(request: Request): Response {
  const allowed = corsHeaders(request);
  if (!allowed["access-control-allow-origin"]) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  return new Response(null, {
    status: 204,
    headers: {
      ...allowed,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
      "cache-control": "no-store",
    },
  });
}

type StaffRouteSpec<Q, B, T> = Omit<PlatformRouteSpec<StaffPrincipal, StaffApiScope, Q, B, T>, "authenticator" | "before" | "headers"> & {
  /** The console permission the staff member's role must hold (read per call). */
  permission: Permission;
};

function staffRoute<Q, B, T>(spec: StaffRouteSpec<Q, B, T>): PlatformHandler {
  const { permission, ...rest } = spec;
  return definePlatformRoute<StaffPrincipal, StaffApiScope, Q, B, T>({
    ...rest,
    authenticator: staffApiAuthenticator(),
    headers: corsHeaders,
    before: async ({ db, request, principal, now }) => {
      // Per personal token. The sidebar has no token row: Zendesk's proxy rate-limits its apps.
      if (principal.token.id !== null) await takeCall(db, principal.token.id, now);
      if (!can(principal.staff.role, permission)) {
        await writeAudit(db, {
          actor: { id: principal.staff.id, email: principal.staff.email },
          action: "access.denied",
          outcome: "REFUSED",
          code: "FORBIDDEN",
          detail: { where: spec.where, permission, ...viaDetail(principal) },
          ...requestMeta(request.headers),
        });
        throw new ApiError(403, "FORBIDDEN", `Your role (${principal.staff.role.toLowerCase()}) does not allow this: it needs ${permission}.`);
      }
    },
  });
}

const auditExtra = (principal: StaffPrincipal, ticket: string | undefined) => ({ detail: viaDetail(principal), ticketRef: ticket ?? null });

/** How the query (when it is an email) relates to a match: its own address, a teammate's, a subuser's, or otherwise. */
function relationOf(query: string, field: string, isSubuser: boolean): "owner" | "teammate" | "subuser" | "other" {
  if (!query.includes("@")) return "other";
  if (field === "email" || field === "signup_email") return isSubuser ? "subuser" : "owner";
  if (field === "teammate_email") return "teammate";
  return "other";
}

export const searchRoute = staffRoute({
  where: "GET /api/staff/v1/search",
  scope: "read",
  permission: "account.view",
  input: searchRequest,
  handle: async ({ db, request, principal, input }): Promise<z.input<typeof searchResponse>> => {
    const found = await searchCustomersAudited(db, input.q, principal.staff, requestMeta(request.headers), { auditExtra: auditExtra(principal, input.ticket) });
    return {
      query: found.query,
      matches: found.results.map((r) => ({
        kind: r.kind,
        id: r.id,
        username: r.username,
        email: r.email,
        status: r.status,
        verdict: { tone: r.verdict.tone, label: r.verdict.text },
        matchedField: r.match.field,
        requesterRelation: relationOf(found.query, r.match.field, r.isSubuser),
      })),
    };
  },
});

export const accountRoute = staffRoute({
  where: "GET /api/staff/v1/accounts/{id}",
  scope: "read",
  permission: "account.view",
  input: accountRequest,
  handle: async ({ db, request, principal, input }): Promise<z.input<typeof accountResponse>> => {
    const view = await getAccountView(db, input.id, principal.staff, requestMeta(request.headers), {}, db, auditExtra(principal, input.ticket));
    if (!view) throw new ApiError(404, "NOT_FOUND", `No account has the id ${input.id}.`);
    return accountAnswer(view);
  },
});

export const signUpRoute = staffRoute({
  where: "GET /api/staff/v1/signups/{id}",
  scope: "read",
  permission: "account.view",
  input: signUpRequest,
  handle: async ({ db, request, principal, input }): Promise<z.input<typeof signUpResponse>> => {
    const view = await getSignUpView(db, input.id, principal.staff, requestMeta(request.headers), auditExtra(principal, input.ticket));
    if (!view) throw new ApiError(404, "NOT_FOUND", `No sign-up has the id ${input.id}.`);
    return signUpAnswer(view, await listOutboxEmails(db, { signUpId: input.id }));
  },
});

const ACTION_STATUS: Record<Exclude<ActionResult<unknown>, { ok: true }>["code"], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  REFUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** A recovery endpoint: the console's server action, run as the token's staff member. */
function recoveryRoute(where: string, permission: Permission, action: ServerAction<never, QueuedEmailResult>, subject: "accountId" | "signUpId") {
  return staffRoute({
    where,
    scope: "act",
    permission,
    input: actionPath,
    body: { kind: "json", maxBytes: STAFF_API_MAX_BODY_BYTES, tooLarge: `The body is larger than ${STAFF_API_MAX_BODY_BYTES / 1024} KiB.`, schema: actionBody },
    handle: async ({ request, principal, input, body }): Promise<z.input<typeof actionResponse>> => {
      const result = await runActionAs(
        action,
        principal.staff,
        // The call itself is the agent's confirmation; a missing key makes each call a new request.
        { [subject]: input.id, ticketRef: body.ticket, idempotencyKey: body.idempotencyKey ?? randomUUID(), confirm: true },
        requestMeta(request.headers),
        viaDetail(principal),
      );
      if (!result.ok) {
        const fields = result.code === "INVALID_INPUT" && result.fieldErrors ? Object.entries(result.fieldErrors).map(([f, m]) => `${f}: ${m.join(" ")}`) : [];
        const code = result.code === "INVALID_INPUT" ? "INVALID_REQUEST" : result.code;
        throw new ApiError(
          ACTION_STATUS[result.code],
          code,
          fields.length ? fields.join("; ") : result.message,
          result.code === "RATE_LIMITED" ? { "retry-after": "3600" } : {},
        );
      }
      const { outboxId, recipient, status, duplicate } = result.data;
      return { outcome: "sent", email: { outboxId, recipient, status, duplicate } };
    },
  });
}

export const passwordResetRoute = recoveryRoute(
  "POST /api/staff/v1/accounts/{id}/password-reset",
  "recovery.send_password_reset",
  sendPasswordResetAction,
  "accountId",
);
export const usernameReminderRoute = recoveryRoute(
  "POST /api/staff/v1/accounts/{id}/username-reminder",
  "recovery.send_username",
  sendUsernameRecoveryAction,
  "accountId",
);
export const confirmationResendRoute = recoveryRoute(
  "POST /api/staff/v1/signups/{id}/confirmation-resend",
  "recovery.resend_confirmation",
  resendConfirmationAction,
  "signUpId",
);
