import "server-only";
// The console's side of the Zendesk sidebar's trust model (docs/helpdesk.md#trust-model):
// who a sidebar page acts as, and whether an API call comes from such a page through
// Zendesk's proxy. Every answer reads the staff member from the database now: a disabled
// or demoted staff member, or an agent taken out of ZENDESK_AGENTS, loses the sidebar on
// the next call, not at the end of a session.
import { createHash, timingSafeEqual } from "node:crypto";
import { purposeKey } from "@/lib/auth/purpose-key";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { StaffContext } from "@/lib/auth/current-staff";
import { config } from "@/lib/config";
import type { Db } from "@/lib/db/prisma";
import { openSidebarSession, sealSidebarSession, SIDEBAR_SESSION_SECONDS, verifyZendeskSignedUrlToken } from "./zendesk-jwt";

/** The header a sidebar page's API calls carry its session in (the integration token rides in Authorization). */
export const SIDEBAR_SESSION_HEADER = "x-console-sidebar";

const sessionKey = () => purposeKey("zendesk-sidebar-session");

export interface ZendeskSettings {
  origin: string;
  audience: string;
  publicKeyPem: string;
  tokenSha256: string;
  agents: ReadonlyMap<string, string>;
}

/** The sidebar's settings, or null when it is off (the four variables are set together or not at all). */
export function zendeskSettings(): ZendeskSettings | null {
  const c = config();
  if (!c.ZENDESK_ORIGIN || !c.ZENDESK_APP_AUDIENCE || !c.ZENDESK_APP_PUBLIC_KEY || !c.ZENDESK_INTEGRATION_TOKEN_SHA256) return null;
  return {
    origin: c.ZENDESK_ORIGIN,
    audience: c.ZENDESK_APP_AUDIENCE,
    publicKeyPem: c.ZENDESK_APP_PUBLIC_KEY,
    tokenSha256: c.ZENDESK_INTEGRATION_TOKEN_SHA256,
    agents: parseAgentMap(c.ZENDESK_AGENTS),
  };
}

/** `123=agent@x.com,456=lead@x.com` -> Zendesk user id to lower-cased staff email (validated by lib/config.ts). */
export function parseAgentMap(raw: string | undefined): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const pair of (raw ?? "").split(",")) {
    const [id, email] = pair.split("=").map((part) => part.trim());
    if (id && email) map.set(id, email.toLowerCase());
  }
  return map;
}

export type ZendeskRefusal = { ok: false; status: 401 | 403; code: "UNAUTHENTICATED" | "FORBIDDEN"; message: string; zendeskUserId?: string };

/** Active staff by exact lower-cased email (never ILIKE: `_` would be a wildcard), with the role the database has now. */
async function staffByEmail(db: Db, emailLower: string): Promise<StaffContext | null> {
  const staff = await db.staffUser.findUnique({
    where: { emailLower },
    select: { id: true, email: true, name: true, role: true, timeZone: true, disabledAt: true },
  });
  if (!staff || staff.disabledAt !== null || !(staff.role in ROLE_PERMISSIONS)) return null;
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, permissions: ROLE_PERMISSIONS[staff.role], timeZone: staff.timeZone };
}

/**
 * A sidebar page load: Zendesk's signed-URL token checked, its agent mapped to a staff
 * member, and the session the page's calls will carry. Refused when the token is not
 * Zendesk's for this installation, or the agent maps to nobody active.
 */
export async function openZendeskSidebar(
  db: Db,
  token: string,
  now: Date,
): Promise<{ ok: true; staff: StaffContext; zendeskUserId: string; session: string } | ZendeskRefusal> {
  const settings = zendeskSettings();
  if (!settings) return { ok: false, status: 403, code: "FORBIDDEN", message: "The Zendesk sidebar is not configured on this console." };
  const verified = verifyZendeskSignedUrlToken(token, { publicKeyPem: settings.publicKeyPem, audience: settings.audience, origin: settings.origin, now });
  if (!verified.ok)
    return { ok: false, status: 401, code: "UNAUTHENTICATED", message: `Zendesk's signed token was refused (${verified.reason}). Reload the ticket.` };
  const { zendeskUserId } = verified.value;
  const email = settings.agents.get(zendeskUserId);
  const staff = email ? await staffByEmail(db, email) : null;
  if (!staff) {
    return {
      ok: false,
      status: 403,
      code: "FORBIDDEN",
      zendeskUserId,
      message: `Your Zendesk user (${zendeskUserId}) is not mapped to an active console staff member. Ask a console admin to add you.`,
    };
  }
  const session = sealSidebarSession({ staffId: staff.id, zendeskUserId, expiresAt: Math.floor(now.getTime() / 1000) + SIDEBAR_SESSION_SECONDS }, sessionKey());
  return { ok: true, staff, zendeskUserId, session };
}

export interface ZendeskPrincipal {
  staff: StaffContext;
  /** No personal token row (id null): the integration token, named for the agent it acts for. */
  token: { id: null; name: string; prefix: string };
  via: "zendesk";
  zendeskUserId: string;
}

function sameSha256(token: string, expectedHex: string): boolean {
  const actual = createHash("sha256").update(token).digest();
  const expected = Buffer.from(expectedHex, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A staff API call from the sidebar: the integration token (which only Zendesk's proxy
 * holds, as a secure setting) and the page's session, both required. The staff member
 * is re-read and must still be the one the agent maps to.
 */
export async function authenticateZendeskCall(db: Db, headers: Headers, now: Date): Promise<{ ok: true; principal: ZendeskPrincipal } | ZendeskRefusal> {
  const settings = zendeskSettings();
  const bearer = /^Bearer (\S+)$/.exec(headers.get("authorization") ?? "")?.[1];
  if (!settings || !bearer || !sameSha256(bearer, settings.tokenSha256)) {
    return { ok: false, status: 401, code: "UNAUTHENTICATED", message: "A valid integration token is required." };
  }
  const opened = openSidebarSession(headers.get(SIDEBAR_SESSION_HEADER) ?? "", sessionKey(), now);
  if (!opened.ok) return { ok: false, status: 401, code: "UNAUTHENTICATED", message: `The sidebar's session was refused (${opened.reason}).` };
  const { staffId, zendeskUserId } = opened.value;
  const email = settings.agents.get(zendeskUserId);
  const staff = email ? await staffByEmail(db, email) : null;
  if (!staff || staff.id !== staffId) {
    return { ok: false, status: 403, code: "FORBIDDEN", zendeskUserId, message: "This Zendesk agent is no longer mapped to an active console staff member." };
  }
  return {
    ok: true,
    principal: {
      staff,
      via: "zendesk",
      zendeskUserId,
      token: { id: null, name: `Zendesk agent ${zendeskUserId}`, prefix: bearer.slice(0, 12) },
    },
  };
}

/**
 * The staff API door's second way in (an Authenticator for lib/staff-api/principal.ts's
 * STAFF_API_AUTHENTICATORS): it answers 401 for any bearer that is not an integration
 * token (`acs_zd_…`), so the door tries the next authenticator. Scopes: the sidebar may
 * read and act; what the staff member may do is their role's, checked by each action.
 */
export const zendeskSidebarAuthenticator = {
  realm: "staff-api",
  async authenticate(db: Db, request: Request, _scope: string, now: Date): Promise<{ ok: true; principal: ZendeskPrincipal } | ZendeskRefusal> {
    if (!/^Bearer acs_zd_/.test(request.headers.get("authorization") ?? "")) {
      return { ok: false, status: 401, code: "UNAUTHENTICATED", message: "Not a helpdesk integration token." };
    }
    return authenticateZendeskCall(db, request.headers, now);
  },
};
