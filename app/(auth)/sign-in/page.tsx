import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { getCurrentStaff } from "@/lib/auth/current-staff";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { ssoConfig } from "@/lib/auth/sso-config";
import { demoSignInHints } from "@/lib/staff/bootstrap";
import { readInput } from "@/lib/validation/read-input";
import type { SearchParams } from "@/lib/validation/search-params";
import { signInPageParams } from "@/lib/validation/url-input";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const read = readInput(signInPageParams, await searchParams);
  const params = read.ok ? read.data : {};
  const next = safeRedirectPath(params.callbackUrl ?? params.next);
  if (await getCurrentStaff()) redirect(next);
  const ssoName = ssoConfig()?.name ?? null;
  const error = signInErrorMessage(params.error);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">Access console</h1>
        <p className="mb-6 text-sm text-slate-600">Support staff only. Every sign-in is recorded.</p>
        {error ? (
          <div className="mb-4">
            <Alert tone="danger" title={error.title} live>
              {error.text}
            </Alert>
          </div>
        ) : null}
        <SignInForm next={next} ssoName={ssoName} />
        <DemoHint />
      </div>
    </main>
  );
}

/** The embedded demo's published sign-ins, so a first visitor need not look them up in the README. */
function DemoHint() {
  const hints = demoSignInHints();
  if (hints.length === 0) return null;
  return (
    <section aria-labelledby="demo-sign-ins" className="mt-6 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="demo-sign-ins">
      <h2 id="demo-sign-ins" className="font-medium text-slate-900">
        Demo sign-ins
      </h2>
      <p className="text-slate-600">This is the embedded demo; these work here only.</p>
      <ul className="mt-2 flex flex-col gap-1">
        {hints.map((h) => (
          <li key={h.email} className="break-all">
            <span className="font-medium">{h.role.charAt(0) + h.role.slice(1).toLowerCase()}:</span> <code>{h.email}</code> / <code>{h.password}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
