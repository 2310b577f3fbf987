"use client";
// The 404 of an account or sign-up page. A garbled or stale id from a ticket must say
// plainly that nothing has that id (not show some other customer), echo what was asked
// for, and offer the way back to search. A client component because Next gives a
// not-found page no params; the id is the last segment of the path.
import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";

export function NoSuchRecord({ kind }: { kind: "account" | "sign-up" }) {
  const pathname = usePathname();
  const raw = decodeURIComponent(pathname.split("/").filter(Boolean).pop() ?? "").slice(0, 40);
  const canonical = /^[1-9][0-9]{0,9}$/.test(raw);
  return (
    <div className="flex flex-col gap-3" data-testid="no-such-record">
      <h1 className="text-2xl font-semibold">
        No {kind} with id “{raw}”
      </h1>
      <p className="text-sm text-slate-700">
        {canonical
          ? `Nothing has this id: it may be mistyped, or the ${kind} may have been removed.`
          : `${kind === "account" ? "An account" : "A sign-up"} id is whole digits with no leading zero (like 241), so this cannot be one. Check the id in the ticket.`}
      </p>
      <p>
        <Link href={`/?q=${encodeURIComponent(raw)}`} className="text-sm font-medium text-blue-700 underline">
          Search for “{raw}” instead
        </Link>
        <span className="mx-2 text-slate-400">·</span>
        <Link href="/" className="text-sm font-medium text-blue-700 underline">
          Back to search
        </Link>
      </p>
    </div>
  );
}
