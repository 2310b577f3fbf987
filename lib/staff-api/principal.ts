import "server-only";
// Who is calling the staff API: one resolution for every way in. Today a personal access
// token; a helpdesk integration can add its own authenticator to STAFF_API_AUTHENTICATORS
// (tried in order: the first that recognises the request answers). Whatever the way in,
// the staff member's role and disabled state are read from the database on every call,
// never from the token, so a disable or a role change applies to the next call.
import type { StaffContext } from "@/lib/auth/current-staff";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { Authentication, Authenticator } from "@/lib/http/platform-route";
import { zendeskSidebarAuthenticator, type ZendeskPrincipal } from "@/lib/helpdesk/zendesk-auth";
import type { StaffApiScope } from "@/lib/validation/staff-api";
import { bearerPersonalToken, hashPersonalToken } from "./tokens";

/** A personal access token's caller, or the Zendesk sidebar's agent (lib/helpdesk/zendesk-auth.ts). */
export type StaffPrincipal = { staff: StaffContext; token: { id: number; name: string; prefix: string }; via: "token" } | ZendeskPrincipal;

/** How a 401 reads whatever was wrong: a caller learns nothing about which. */
const NOT_VALID = "This token is not valid: it is unknown, expired or revoked, or its owner may no longer use the console.";
const LAST_USED_RESOLUTION_MS = 60_000;

/** Personal access tokens: the token's own row (not revoked, not expired) and its owner now (not disabled). */
export const personalTokens: Authenticator<StaffPrincipal, StaffApiScope> = {
  realm: "staff-api",
  async authenticate(db: Db, request: Request, scope: StaffApiScope, now: Date): Promise<Authentication<StaffPrincipal>> {
    const token = bearerPersonalToken(request.headers.get("authorization"));
    if (!token) return { ok: false, status: 401, code: "UNAUTHENTICATED", message: "Send a personal access token as `Authorization: Bearer acs_pat_…`." };
    const row = await db.personalAccessToken.findUnique({
      where: { tokenHash: hashPersonalToken(token) },
      select: {
        id: true,
        name: true,
        tokenPrefix: true,
        scopes: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        staff: { select: { id: true, email: true, name: true, role: true, timeZone: true, disabledAt: true } },
      },
    });
    if (!row || row.revokedAt || row.expiresAt <= now || row.staff.disabledAt || !(row.staff.role in ROLE_PERMISSIONS)) {
      return { ok: false, status: 401, code: "UNAUTHENTICATED", message: NOT_VALID };
    }
    if (!row.scopes.includes(scope)) return { ok: false, status: 403, code: "SCOPE_MISSING", message: `This token does not have the "${scope}" scope.` };
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // Conditional, so concurrent calls do not queue on the row: at most one a minute writes.
      await db.personalAccessToken.updateMany({
        where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
        data: { lastUsedAt: now },
      });
    }
    const { staff } = row;
    return {
      ok: true,
      principal: {
        staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role, permissions: ROLE_PERMISSIONS[staff.role], timeZone: staff.timeZone },
        token: { id: row.id, name: row.name, prefix: row.tokenPrefix },
        via: "token",
      },
    };
  },
};

/**
 * The ways in, tried in order: the first that does not answer 401 decides. The Zendesk
 * sidebar answers 401 to anything but its own `acs_zd_` integration token, and needs the
 * agent's sidebar session beside it (docs/helpdesk.md#trust-model).
 */
export const STAFF_API_AUTHENTICATORS: readonly Authenticator<StaffPrincipal, StaffApiScope>[] = [personalTokens, zendeskSidebarAuthenticator];

/** The staff API's one principal resolution, over any list of authenticators. */
export function staffApiAuthenticator(
  authenticators: readonly Authenticator<StaffPrincipal, StaffApiScope>[] = STAFF_API_AUTHENTICATORS,
): Authenticator<StaffPrincipal, StaffApiScope> {
  return {
    realm: "staff-api",
    async authenticate(db, request, scope, now) {
      let first: Authentication<StaffPrincipal> | null = null;
      for (const authenticator of authenticators) {
        const result = await authenticator.authenticate(db, request, scope, now);
        if (result.ok || result.status !== 401) return result;
        first ??= result;
      }
      return first ?? { ok: false, status: 401, code: "UNAUTHENTICATED", message: NOT_VALID };
    },
  };
}

/** What the audit trail records of the caller: the token's name and prefix, never the secret. */
export const viaDetail = (principal: StaffPrincipal) => ({
  via: principal.via,
  ...(principal.via === "zendesk" ? { zendeskUserId: principal.zendeskUserId } : {}),
  ...(principal.token.id !== null ? { tokenId: principal.token.id } : {}),
  tokenName: principal.token.name,
  tokenPrefix: principal.token.prefix,
});
