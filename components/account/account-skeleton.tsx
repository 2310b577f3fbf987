import { Suspense, type ReactNode } from "react";

// What the account page shows while its data loads: the customer's name at once (the
// cheap existence check already read it, and arrival focus needs a heading to land on),
// then grey placeholders in the shape of the header facts, the diagnosis, the side panels
// and the timeline, so nothing jumps when they arrive. Announced once as a status; the
// bars are decoration. Bars as in components/ui/skeleton.tsx.

const bar = "rounded bg-slate-200";

/** The verdict strip and the facts line under the name. */
export function AccountHeaderSkeleton() {
  return (
    <span className="flex w-full animate-pulse flex-col gap-2 motion-reduce:animate-none" aria-hidden data-testid="account-header-skeleton">
      <span className={`block h-6 w-48 ${bar}`} />
      <span className={`block h-4 w-full max-w-2xl ${bar}`} />
    </span>
  );
}

function CardSkeleton({ lines, className = "" }: { lines: number; className?: string }) {
  return (
    <div className={`flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 ${className}`}>
      <div className="h-4 w-40 rounded bg-slate-300" />
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className={`h-3 ${bar} ${i % 3 === 2 ? "w-2/3" : "w-full"}`} />
      ))}
    </div>
  );
}

/** The diagnosis, recovery actions, emails and timeline. */
export function AccountSkeleton() {
  return (
    <div role="status" aria-live="polite" data-testid="account-skeleton" className="flex flex-col gap-6">
      <span className="sr-only">Loading the account…</span>
      <div className="flex animate-pulse flex-col gap-6 motion-reduce:animate-none" aria-hidden>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <CardSkeleton lines={7} className="lg:col-span-2" />
          <div className="flex flex-col gap-6">
            <CardSkeleton lines={3} />
            <CardSkeleton lines={2} />
          </div>
        </div>
        <CardSkeleton lines={8} />
      </div>
    </div>
  );
}

/**
 * The account page's frame: the name, then two boundaries that stream in as the account's
 * data arrives (both read the one load the page started). The page calls this only after
 * it has checked that the account exists, so a missing id still gets a real 404: streaming
 * commits the status line with the first bytes, and nothing is sent before that check.
 */
export function AccountPageShell({ username, details, body }: { username: string; details: ReactNode; body: ReactNode }) {
  return (
    <>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{username}</h1>
        <Suspense fallback={<AccountHeaderSkeleton />}>{details}</Suspense>
      </header>
      <Suspense fallback={<AccountSkeleton />}>{body}</Suspense>
    </>
  );
}
