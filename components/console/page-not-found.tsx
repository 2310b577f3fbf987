"use client";
// The console's 404 for a URL that names no page (a mistyped or stale link pasted from a
// ticket): it says which address was not found and offers search, inside the console's
// header so the agent can type the customer straight away.
import { usePathname } from "next/navigation";
import { Link } from "@/components/ui/link";

export function PageNotFound() {
  const pathname = usePathname();
  return (
    <div className="flex flex-col gap-3" data-testid="page-not-found">
      <h1 className="text-2xl font-semibold">No page at this address</h1>
      <p className="text-sm break-all text-slate-700">
        Nothing lives at <code className="rounded bg-slate-100 px-1">{pathname.slice(0, 200)}</code>. The link may be mistyped or from an older version of the
        console.
      </p>
      <p className="text-sm text-slate-700">
        Press <kbd className="rounded border border-slate-300 px-1">/</kbd> to search for the customer, or go back to search.
      </p>
      <p>
        <Link href="/" className="text-sm font-medium text-blue-700 underline">
          Back to search
        </Link>
      </p>
    </div>
  );
}
