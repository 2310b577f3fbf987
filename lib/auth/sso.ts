import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Db, Tx } from "@/lib/db/prisma";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import type { RequestMeta } from "@/lib/http/client-address";

export interface SsoIdentity {
  /** The configured issuer (AUTH_OIDC_ISSUER) the identity comes from. */
  issuer: string;
  /** The identity provider's stable subject (`sub`). */
  subject: string | null;
  email: string | null;
  /** The provider's `email_verified` claim: only `true` counts. */
  emailVerified: unknown;
}

export type SsoRefusal = "NO_SUBJECT" | "UNKNOWN_EMAIL" | "EMAIL_NOT_VERIFIED" | "SUBJECT_MISMATCH" | "DISABLED";

export type SsoResult = { ok: true; staff: { id: string; email: string; name: string; role: StaffRole }; bound: boolean } | { ok: false; code: SsoRefusal };

type Claims = Readonly<Record<string, unknown>>;

/**
 * The identity in a validated ID token's claims and the provider's userinfo answer (whose
 * `sub` Auth.js has checked against the ID token's). Many providers, oidc-provider by
 * default, put `email` and `email_verified` only in userinfo; others only in the ID
 * token. The email and its verification are taken as a pair from one source, userinfo
 * first, so a verified address in one answer never vouches for another address in the other.
 */
export function ssoIdentityFrom(issuer: string, idToken: Claims, userinfo: Claims | null | undefined): SsoIdentity {
  const sub = idToken.sub ?? userinfo?.sub;
  const subject = typeof sub === "string" ? sub : null;
  const source = userinfo && typeof userinfo.email === "string" ? userinfo : idToken;
  return { issuer, subject, email: typeof source.email === "string" ? source.email : null, emailVerified: source.email_verified };
}

/**
 * The claims of an ID token Auth.js has already validated in this callback (signature,
 * issuer, audience, nonce, expiry): read here, not checked again. Empty when it is not a JWT.
 */
export function idTokenClaims(idToken: unknown): Claims {
  if (typeof idToken !== "string") return {};
  const payload = idToken.split(".")[1];
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Claims) : {};
  } catch {
    return {};
  }
}

/** The sign-in page's `error` value for each refusal (components/auth/sign-in-errors.ts words them). */
export const SSO_REFUSAL_ERRORS: Record<SsoRefusal, string> = {
  NO_SUBJECT: "sso-failed",
  UNKNOWN_EMAIL: "sso-unknown",
  EMAIL_NOT_VERIFIED: "sso-unverified",
  SUBJECT_MISMATCH: "sso-other-identity",
  DISABLED: "sso-disabled",
};

/**
 * Maps an identity provider's user to a staff user; anybody else is turned away (and
 * audited, with the address, user agent and the provider identity that tried), whatever
 * the provider vouches for.
 *
 * The first sign-in matches the provider's *verified* email against the staff user's
 * email, both lower-cased, exactly (no pattern; staff emails are unique lower-cased, as
 * the password sign-in matches them), and binds the provider's subject to that staff
 * user; later sign-ins match by subject alone. So a provider account whose email was
 * changed to a staff member's, or an unverified address, cannot take a staff user over,
 * and a staff user already bound to one provider identity cannot be claimed by another.
 */
export async function resolveSsoStaff(db: Db, identity: SsoIdentity, meta: RequestMeta, now = new Date()): Promise<SsoResult> {
  const email = identity.email?.trim().toLowerCase() ?? "";
  return db.$transaction(async (tx) => {
    const result = await match(tx, identity, email);
    const staff = result.ok ? result.staff : null;
    if (staff) await tx.staffUser.update({ where: { id: staff.id }, data: { lastSignInAt: now }, select: { id: true } });
    await writeAudit(tx, {
      actor: staff ? { id: staff.id, email: staff.email } : { id: null, email },
      action: "auth.sign_in",
      outcome: result.ok ? "DONE" : "REFUSED",
      code: result.ok ? null : result.code,
      detail: {
        provider: "sso",
        issuer: identity.issuer,
        subject: identity.subject?.trim().slice(0, 255) || null,
        ...(email ? { providerEmail: email.slice(0, 254), emailVerified: identity.emailVerified === true } : {}),
        ...(result.ok && result.bound ? { boundSubject: true } : {}),
      },
      ...meta,
    });
    return result;
  });
}

async function match(db: Tx, identity: SsoIdentity, email: string): Promise<SsoResult> {
  const select = { id: true, email: true, name: true, role: true, disabledAt: true, ssoSubject: true } as const;
  const subject = identity.subject?.trim() ?? "";
  if (!subject) return { ok: false, code: "NO_SUBJECT" };
  const bound = await db.staffUser.findUnique({ where: { ssoSubject: subject }, select });
  if (bound) {
    if (bound.disabledAt) return { ok: false, code: "DISABLED" };
    return { ok: true, staff: bound, bound: false };
  }
  const staff = email ? await db.staffUser.findUnique({ where: { emailLower: email }, select }) : null;
  if (!staff) return { ok: false, code: "UNKNOWN_EMAIL" };
  if (identity.emailVerified !== true) return { ok: false, code: "EMAIL_NOT_VERIFIED" };
  if (staff.ssoSubject !== null) return { ok: false, code: "SUBJECT_MISMATCH" };
  if (staff.disabledAt) return { ok: false, code: "DISABLED" };
  // Bind only if nobody bound it in the meantime (two first sign-ins racing).
  const claimed = await db.staffUser.updateMany({ where: { id: staff.id, ssoSubject: null }, data: { ssoSubject: subject } });
  if (claimed.count !== 1) return { ok: false, code: "SUBJECT_MISMATCH" };
  return { ok: true, staff, bound: true };
}
