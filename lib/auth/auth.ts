import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { getDb } from "@/lib/db/client";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { requestMeta } from "@/lib/http/client-address";
import { currentRequestMeta } from "@/lib/http/current-request";
import { log } from "@/lib/log";
import { sameOriginPath } from "./safe-redirect";
import { endSession, isSessionCurrent, sessionMaxAgeSeconds } from "./sessions";
import { idTokenClaims, resolveSsoStaff, SSO_REFUSAL_ERRORS, ssoIdentityFrom } from "./sso";
import { ssoConfig } from "./sso-config";
import { verifyStaffCredentials } from "./verify-credentials";
import { config } from "@/lib/config";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: StaffRole };
    /** This session's id, fixed at sign-in (a refreshed cookie keeps it); see revoked_staff_sessions. */
    sid?: string;
    /** Sign-in time in seconds since the epoch: bounds the session's whole life. */
    signedInAt?: number;
  }
  interface User {
    role?: StaffRole;
  }
}

/** The code Auth.js puts in the sign-in page's URL; it must not hint at the reason. */
export class LockedSignIn extends CredentialsSignin {
  override code = "locked";
}

function ssoProvider(): Provider[] {
  const config = ssoConfig();
  if (!config) return [];
  return [
    {
      id: "sso",
      name: config.name,
      type: "oidc",
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      // Ask userinfo as well as reading the ID token: many providers (oidc-provider by
      // default) send email and email_verified only there. Auth.js still validates the ID
      // token first and checks that userinfo speaks of the same subject.
      idToken: false,
    },
  ];
}

export const authConfig = {
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
  // Every failure Auth.js redirects to lands on the console's own sign-in page, which says
  // what happened (Auth.js's bare "Server error" and "Access Denied" pages never show).
  pages: { signIn: "/sign-in", error: "/sign-in" },
  trustHost: config().AUTH_TRUST_HOST,
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
    // Single sign-on reaches a staff user only through resolveSsoStaff (verified email
    // on first sign-in, then the bound subject); the role comes from the database. A
    // refusal goes to the sign-in page with its reason (./sso.ts, SSO_REFUSAL_ERRORS).
    async signIn({ user, account, profile }) {
      if (account?.provider !== "sso") return true;
      const identity = ssoIdentityFrom(ssoConfig()?.issuer ?? "", idTokenClaims(account.id_token), profile);
      const result = await resolveSsoStaff(getDb(), identity, await currentRequestMeta());
      if (!result.ok) return `/sign-in?error=${SSO_REFUSAL_ERRORS[result.code]}`;
      user.id = result.staff.id;
      user.role = result.staff.role;
      user.name = result.staff.name;
      user.email = result.staff.email;
      return true;
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.role = user.role;
        token.sid = crypto.randomUUID();
        // To the millisecond: disabling a staff user ends every session signed in before
        // that moment (sessions_revoked_at), and a sign-in just after a re-enable is not one.
        token.signedInAt = Date.now() / 1000;
        return token;
      }
      // Returning null clears the cookie: a token without a session id or sign-in time
      // is not one this console issued, and re-issuing the cookie on every response must
      // not stretch a session past its absolute lifetime.
      return isSessionCurrent(token.sid, token.signedInAt) ? token : null;
    },
    session({ session, token }) {
      // For display only: every page and action re-reads the role from the database.
      session.user.id = token.sub ?? "";
      session.user.role = (token.role as StaffRole | undefined) ?? "AGENT";
      if (typeof token.sid === "string") session.sid = token.sid;
      if (typeof token.signedInAt === "number") session.signedInAt = token.signedInAt;
      return session;
    },
    // Only paths on this console, resolved as a browser would resolve them (Auth.js's
    // default passes any value that starts with "/", tabs and backslashes included).
    redirect({ url, baseUrl }) {
      const origin = new URL(baseUrl).origin;
      const rest = url.startsWith(`${origin}/`) ? url.slice(origin.length) : url;
      return `${origin}${sameOriginPath(rest)}`;
    },
  },
  events: {
    // Auth.js's own POST /api/auth/signout ends the session as the console's button does.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token || typeof token.sub !== "string" || typeof token.sid !== "string") return;
      await endSession(getDb(), { sid: token.sid, staffId: token.sub, email: typeof token.email === "string" ? token.email : "" }, await currentRequestMeta());
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
