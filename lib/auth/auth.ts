import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { requestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import { verifyStaffCredentials } from "./verify-credentials";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: StaffRole };
    /** This session's id, fixed at sign-in (a refreshed cookie keeps it); see revoked_staff_sessions. */
    sid?: string;
  }
  interface User {
    role?: StaffRole;
  }
}

/** The code Auth.js puts in the sign-in page's URL; it must not hint at the reason. */
export class LockedSignIn extends CredentialsSignin {
  override code = "locked";
}

const SESSION_HOURS = Number(process.env.SESSION_MAX_AGE_HOURS ?? 8);

function ssoProvider(): Provider[] {
  const issuer = process.env.AUTH_OIDC_ISSUER;
  const clientId = process.env.AUTH_OIDC_CLIENT_ID;
  const clientSecret = process.env.AUTH_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return [];
  return [
    {
      id: "sso",
      name: process.env.AUTH_OIDC_NAME ?? "single sign-on",
      type: "oidc",
      issuer,
      clientId,
      clientSecret,
    },
  ];
}

export const authConfig = {
  session: { strategy: "jwt", maxAge: Math.max(1, SESSION_HOURS) * 3600 },
  pages: { signIn: "/sign-in" },
  trustHost: process.env.AUTH_TRUST_HOST === "true",
  // A wrong password is an expected outcome (audited, counted for the lockout), not a
  // server error with a stack trace in the log.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || error instanceof CredentialsSignin) return;
      log.error("auth error", { error });
    },
    warn(code) {
      log.warn("auth warning", { code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await verifyStaffCredentials(getDb(), credentials, requestMeta(request.headers));
        if (result.ok) return { id: result.staff.id, email: result.staff.email, name: result.staff.name, role: result.staff.role };
        if (result.code === "LOCKED") throw new LockedSignIn();
        return null;
      },
    }),
    ...ssoProvider(),
  ],
  callbacks: {
    // SSO maps the identity provider's user to an enabled staff user by email; anyone
    // else is turned away (and audited), whatever the identity provider says.
    async signIn({ user, account }) {
      if (account?.provider !== "sso") return true;
      const email = user.email?.toLowerCase() ?? "";
      const db = getDb();
      const staff = email ? await db.staffUser.findFirst({ where: { email: { equals: email, mode: "insensitive" } } }) : null;
      const allowed = Boolean(staff && !staff.disabledAt);
      await writeAudit(db, {
        actor: staff ? { id: staff.id, email: staff.email } : { id: null, email },
        action: "auth.sign_in",
        outcome: allowed ? "DONE" : "REFUSED",
        code: allowed ? null : staff ? "DISABLED" : "UNKNOWN_EMAIL",
        detail: { provider: "sso" },
      });
      if (staff && allowed) {
        user.id = staff.id;
        user.role = staff.role;
        user.name = staff.name;
      }
      return allowed;
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.role = user.role;
        token.sid = crypto.randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      // For display only: every page and action re-reads the role from the database.
      session.user.id = token.sub ?? "";
      session.user.role = (token.role as StaffRole | undefined) ?? "AGENT";
      if (typeof token.sid === "string") session.sid = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
