"use server";
// Sign-in and sign-out are the two server actions not built through defineAction:
// there is no staff user yet (sign-in), or nothing left to authorise (sign-out).
// The credential check itself (lockout, audit) lives in authorize(), so a crafted
// POST to /api/auth/callback/credentials meets exactly the same rules.
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/lib/db/client";
import { requestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import { auth, signIn, signOut } from "./auth";
import { safeRedirectPath } from "./safe-redirect";
import { endSession } from "./sessions";

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
