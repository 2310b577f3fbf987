import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hrefFor } from "@/components/search/result-href";
import { SearchResults } from "@/components/search/search-results";
import { RecentAccounts } from "@/components/search/recent-accounts";
import { SearchBox } from "@/components/search/search-box";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { requireStaff, type StaffContext } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/permissions";
import { findCustomers, getOverview, listRecentlyOpenedAccounts } from "@/lib/data/console-data";
import { MIN_FRAGMENT_LENGTH } from "@/lib/data/search/classify-query";
import { SEARCH_SORT_LABELS, SEARCH_SORTS, sortSearchResults, type SearchSort } from "@/lib/data/search/sort-results";
import { requestMeta } from "@/lib/http/client-address";
import { readInput } from "@/lib/validation/read-input";
import type { SearchParams } from "@/lib/validation/search-params";
import { searchPageParams } from "@/lib/validation/url-input";
import { TicketMemory } from "@/components/search/ticket-memory";
import { timeFormatOrUtc } from "@/lib/time/zone-time";

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const read = readInput(searchPageParams, await searchParams);
  const q = read.ok ? read.data.q.trim() : "";
  return { title: q ? `“${q.slice(0, 60)}” · Search` : "Find a customer" };
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("account.view", "page:/");
  const read = readInput(searchPageParams, await searchParams);
  // Every field has a fallback (.catch), so only `list` can be refused: a list it is not.
  const params = read.ok ? read.data : { q: "", sort: "relevance" as const, list: undefined, ticket: null };
  const { q, sort } = params;
  if (!q.trim()) return <Home staff={staff} />;

  // A helpdesk's deep link names its ticket: the search's audit entry keeps it, and so does
  // the account's when the search goes straight there.
  const ticket = params.ticket;
  const found = await findCustomers(q, staff, requestMeta(await headers()), ticket ? { auditExtra: { ticketRef: ticket } } : {});
  // One exact hit (the email, username or id the customer gave): straight to the
  // account, which links back to the full list (?list keeps the agent on it).
  const exact = found.results.filter((r) => r.quality === "exact");
  const only = exact[0];
  if (found.exactHit && exact.length === 1 && only && params.list === undefined) {
    redirect(`${hrefFor(only)}?from=${encodeURIComponent(found.query)}${ticket ? `&ticket=${encodeURIComponent(ticket)}` : ""}`);
  }

  return (
    <div className="flex flex-col gap-6">
      <h1 className="sr-only">Find a customer</h1>
      <TicketMemory />
      <SearchBox defaultValue={q} />
      {found.results.length === 0 && found.kind === "name" && [...found.query].length < MIN_FRAGMENT_LENGTH ? (
        // Only exact matches are looked up below three characters: say so rather than "nothing matches".
        <EmptyState title={`Type at least ${MIN_FRAGMENT_LENGTH} characters`}>
          <p data-testid="search-too-short">“{found.query}” is too short to search by its start; an exact username, email or account id still works.</p>
        </EmptyState>
      ) : found.results.length === 0 ? (
        <EmptyState title={`Nothing matches “${found.query}”`}>
          <ul className="mt-2 list-inside list-disc text-left">
            <li>Check the spelling, or search for just the start of the email or username (3 characters or more).</li>
            <li>Ask the customer for the email they signed up with, an account id, or the start of an API key (SG.…).</li>
            <li>A teammate&apos;s or subuser&apos;s email or username finds the account it belongs to.</li>
          </ul>
        </EmptyState>
      ) : (
        <>
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
            <p className="text-sm text-slate-700" role="status">
              {found.results.length} {found.results.length === 1 ? "customer" : "customers"} for “{found.query}”
              {found.truncated ? " (showing the best matches: add more of the email or username to narrow it)" : ""}
            </p>
            {/* The order is in the URL, so a sorted list pastes into a ticket as it is. */}
            <nav aria-label="Sort results" className="flex items-center gap-2 text-sm">
              <span className="text-slate-600">Sort by</span>
              {SEARCH_SORTS.map((option) => (
                <Link
                  key={option}
                  href={sortHref(params, option)}
                  aria-current={option === sort ? "true" : undefined}
                  className={
                    option === sort
                      ? "rounded-md bg-slate-800 px-2 py-1 font-medium text-white"
                      : "rounded-md px-2 py-1 text-blue-800 underline-offset-2 hover:underline"
                  }
                  data-testid={`search-sort-${option}`}
                >
                  {SEARCH_SORT_LABELS[option]}
                </Link>
              ))}
            </nav>
          </div>
          <SearchResults results={sortSearchResults(found.results, sort)} timeZone={timeFormatOrUtc(staff.timeZone).zone} />
        </>
      )}
    </div>
  );
}

/** The same search in another order; `list` is kept so a single exact hit stays a list. */
function sortHref(params: { q: string; list?: string | undefined }, sort: SearchSort): string {
  const next = new URLSearchParams({ q: params.q });
  if (params.list !== undefined) next.set("list", params.list);
  if (sort !== "relevance") next.set("sort", sort);
  return `/?${next.toString()}`;
}

async function Home({ staff }: { staff: StaffContext }) {
  const [overview, recent] = await Promise.all([getOverview(), listRecentlyOpenedAccounts(staff)]);
  // A number links to the list behind it where the console has one this role may open
  // (customer lists by status do not exist yet: those numbers stay plain).
  const figures: { label: string; value: number; href?: string }[] = [
    { label: "Customer accounts", value: overview.accounts },
    { label: "Sign-ups awaiting confirmation", value: overview.pendingSignUps },
    { label: "Banned accounts", value: overview.bannedAccounts },
    { label: "Terminated for non-payment", value: overview.terminatedAccounts },
    { label: "Active staff users", value: overview.staffUsers, ...(can(staff.role, "staff.manage") ? { href: "/staff" } : {}) },
  ];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Find a customer</h1>
      {/* The heading already says "Find a customer": said twice on screen, it read as two things. */}
      <SearchBox defaultValue="" hideLabel />
      {overview.accounts === 0 ? (
        <EmptyState title="No customer data yet">
          Run <code className="font-mono">npm run db:seed</code> to load the demo accounts.
        </EmptyState>
      ) : (
        <Card title="At a glance">
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3 lg:grid-cols-5">
            {figures.map((f) => (
              <div key={f.label}>
                <dt className="text-sm text-slate-600">{f.label}</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid={`figure-${f.label}`}>
                  {f.href ? (
                    <Link href={f.href} className="text-blue-800 underline decoration-blue-300 underline-offset-4 hover:decoration-blue-800">
                      {f.value.toLocaleString("en-US")}
                    </Link>
                  ) : (
                    f.value.toLocaleString("en-US")
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
      <RecentAccounts accounts={recent} now={new Date()} times={timeFormatOrUtc(staff.timeZone)} />
    </div>
  );
}
