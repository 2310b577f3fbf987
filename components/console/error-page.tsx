"use client";
// What a page shows when rendering it failed: the console's words, never the error's own
// message (it can carry SQL or a customer's data), the digest that the server logged
// beside the details so an engineer can find them, and a way to retry or go back.
import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";

export interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

export function ErrorPage({ error, reset }: ErrorPageProps) {
  return (
    <div role="alert" className="flex flex-col gap-3" data-testid="error-page">
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <p className="text-sm text-slate-700">
        Something failed on our side; nothing you did caused it and no action was taken. Try again, and if it keeps failing, give an engineer the reference
        below.
      </p>
      {error.digest ? (
        <p className="text-sm text-slate-700">
          Reference: <code className="rounded bg-slate-100 px-1">{error.digest}</code>
        </p>
      ) : null}
      <div className="flex items-center gap-4">
        <Button type="button" onClick={reset}>
          Try again
        </Button>
        <Link href="/" className="text-sm font-medium text-blue-700 underline">
          Back to search
        </Link>
      </div>
    </div>
  );
}
