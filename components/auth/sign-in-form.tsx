"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { signInAction, ssoSignInAction, type SignInState } from "@/lib/auth/sign-in-actions";

export function SignInForm({ next, ssoName }: { next: string; ssoName: string | null }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: null, email: "" });
  return (
    <div className="flex flex-col gap-4">
      <form action={action} className="flex flex-col gap-4" noValidate>
        <input type="hidden" name="next" value={next} />
        {state.error ? (
          <Alert tone="danger" live>
            {state.error}
          </Alert>
        ) : null}
        <Input label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.email} autoFocus />
        <Input label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {ssoName ? (
        // A POST through a server action: Auth.js starts a provider sign-in only on a POST
        // (a GET link ended on its "Server error" page).
        <form action={ssoSignInAction} className="flex flex-col">
          <input type="hidden" name="next" value={next} />
          <Button type="submit" variant="secondary">
            Sign in with {ssoName}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
