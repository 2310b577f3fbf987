"use server";
// Sign-in and sign-out are the two server actions not built through defineAction:
// there is no staff user yet (sign-in), or nothing left to authorise (sign-out).
// The credential check itself (lockout, audit) lives in authorize(), so a crafted
// POST to /api/auth/callback/credentials meets exactly the same rules.
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import { requestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import { auth, signIn, signOut } from "./auth";
import { safeRedirectPath } from "./safe-redirect";
import { endSession } from "./sessions";
import { ssoConfig, ssoFormActionOrigin } from "./sso-config";

export interface SignInState {
  error: string | null;
  email: string;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const email = text("email").slice(0, 254);
  const password = text("password");
  try {
    await signIn("credentials", { email, password, redirectTo: safeRedirectPath(form.get("next")) });
    return { error: null, email };
  } catch (error) {
    if (error instanceof AuthError) {
      const locked = error.type === "CredentialsSignin" && (error as AuthError & { code?: string }).code === "locked";
      return {
        email,
        error: locked
          ? "This sign-in is temporarily locked after too many failed attempts. Try again in 15 minutes, or ask an admin."
          : "Email or password is wrong.",
      };
    }
    // Success ends in a redirect, which Next implements as a thrown error: let it through.
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  const session = await auth();
  if (session?.user?.id && session.sid) {
    // Auth.js's signOut event does the same; endSession records it once.
    await endSession(getDb(), { sid: session.sid, staffId: session.user.id, email: session.user.email }, requestMeta(await headers())).catch((error: unknown) =>
      log.error("ending the session failed", { error }),
    );
  }
  await signOut({ redirectTo: "/sign-in" });
}

/**
 * The single sign-on button: Auth.js's own POST with its CSRF check done server-side, so
 * the browser goes straight to the identity provider. If the provider cannot be reached
 * (discovery failed), Auth.js answers with its error page's address instead: the sign-in
 * page says so and the attempt is audited.
 */
export async function ssoSignInAction(form: FormData): Promise<void> {
  const config = ssoConfig();
  if (!config) redirect("/sign-in");
  let failure: string | null = null;
  let target = "";
  try {
    target = String(await signIn("sso", { redirectTo: safeRedirectPath(form.get("next")), redirect: false }));
    // Anything but the provider's authorization endpoint is Auth.js giving up: its error
    // page, or its own sign-in route when it had no answer at all.
    const url = new URL(target, "http://console.invalid");
    const onConsole = url.origin !== ssoFormActionOrigin() && (url.pathname === "/sign-in" || url.pathname.startsWith("/api/auth/"));
    if (onConsole) failure = url.searchParams.get("error") ?? "no authorization URL";
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    failure = error.type;
  }
  if (failure === null) redirect(target);
  log.error("starting single sign-on failed", { error: failure });
  await writeAudit(getDb(), {
    actor: { id: null, email: "" },
    action: "auth.sign_in",
    outcome: "REFUSED",
    code: "PROVIDER_ERROR",
    detail: { provider: "sso", issuer: config.issuer, error: failure.slice(0, 64), stage: "start" },
    ...requestMeta(await headers()),
  }).catch((auditError: unknown) => log.error("auditing a failed single sign-on failed", { error: auditError }));
  redirect("/sign-in?error=sso-failed");
}
