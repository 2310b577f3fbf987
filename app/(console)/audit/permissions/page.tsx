import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Suspense } from "react";
import { PermissionsFilters } from "@/components/audit/permissions-filters";
import { PermissionsTable } from "@/components/audit/permissions-table";
import { ExportButton } from "@/components/export/export-button";
import { FilterErrors } from "@/components/ui/filter-errors";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { FlagBadge } from "@/components/audit/flag-badge";
import { Card } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";
import { EmptyState } from "@/components/ui/empty-state";
import { requireStaff } from "@/lib/auth/current-staff";
import { DEFAULT_FLAG_SETTINGS, FLAGS, FLAGS_BY_RISK, RISK_LABELS } from "@/lib/model/teammate-flags";
import { flagSettingsOf } from "@/lib/data/audit/permissions/list";
import { countPermissionFlags, listTeammatePermissions } from "@/lib/data/console-data";
import { FlagChips } from "@/components/audit/flag-chips";
import { FLAG_COUNT_CAP } from "@/lib/data/audit/permissions/list";
import { parsePermissionsParams, permissionsFilterQuery, type PermissionsFilter, type PermissionsQuery } from "@/lib/validation/permissions-audit";
import type { SearchParams } from "@/lib/validation/search-params";

export const metadata: Metadata = { title: "Permissions audit" };

// No loading.tsx on purpose: its Suspense boundary would wrap the whole page, so an
// agent's 403 would stream after a 200 status line. The boundary sits after the check.
export default async function PermissionsAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const me = await requireStaff("permissions_audit.read", "page:/audit/permissions");
  const { values, filter, query } = parsePermissionsParams(await searchParams);
  const errors = { ...(filter.ok ? {} : filter.errors), ...(query.ok ? {} : query.errors) };
  const settings = filter.ok ? flagSettingsOf(filter.data) : DEFAULT_FLAG_SETTINGS;

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Teammate permissions audit</h1>
        <p className="text-sm text-slate-600">
          Every teammate of every customer account with their permission level. Flags point at access a lead should review.
        </p>
      </header>
      {filter.ok ? (
        <Suspense fallback={<p className="text-sm text-slate-600">Counting flags…</p>}>
          <FlagCounts filter={filter.data} values={values} />
        </Suspense>
      ) : null}
      {/* Folded unless a filter other than the flag chips' is set (or wrong): the chips are the first question. */}
      <details
        className="rounded-lg border border-slate-200 bg-white shadow-sm"
        open={Object.keys(errors).length > 0 || Object.entries(values).some(([k, v]) => k !== "flag" && k !== "sort" && k !== "dir" && v !== "")}
      >
        <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-slate-900">Filters</summary>
        <div className="border-t border-slate-200 px-4 py-3">
          <PermissionsFilters values={values} errors={errors} />
        </div>
      </details>
      {filter.ok && query.ok ? (
        <Suspense key={new URLSearchParams(values).toString()} fallback={<TableSkeleton label="Loading teammates…" columns={7} />}>
          <PermissionsResults filter={filter.data} query={query.data} values={values} timeZone={me.timeZone} />
        </Suspense>
      ) : (
        <FilterErrors errors={errors} />
      )}
      <Card title="What the flags mean">
        <p className="mb-3 text-sm text-slate-700">
          Highest risk first; each row lists its flags in the same order.{" "}
          <span data-testid="several-admins-threshold">
            “Several admins” counts from {settings.severalAdmins} owners or admins
            {settings.severalAdmins === DEFAULT_FLAG_SETTINGS.severalAdmins ? " (the default)" : ""}
          </span>
          : raise it under Filters to see only accounts where full access is spread wide.
        </p>
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2" data-testid="flag-legend">
          {FLAGS_BY_RISK.map((flag) => (
            <div key={flag} className="flex flex-col gap-1" data-flag={flag}>
              <dt className="flex flex-wrap items-center gap-2">
                <FlagBadge flag={flag} />
                <span className="text-xs text-slate-600" aria-hidden="true">
                  {RISK_LABELS[FLAGS[flag].risk]}
                </span>
              </dt>
              <dd className="text-slate-700">{FLAGS[flag].help(settings)}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}

async function FlagCounts({ filter, values }: { filter: PermissionsFilter; values: Record<string, string> }) {
  const counts = await countPermissionFlags(filter);
  return <FlagChips counts={counts} cap={FLAG_COUNT_CAP} current={filter.flag} filterQuery={permissionsFilterQuery(values)} />;
}

async function PermissionsResults({
  filter,
  query,
  values,
  timeZone,
}: {
  filter: PermissionsFilter;
  query: PermissionsQuery;
  values: Record<string, string>;
  timeZone: string;
}) {
  const page = await listTeammatePermissions(filter, query);
  const { sort, dir } = query;
  const filterQuery = permissionsFilterQuery(values);
  const pageHref = (key: "after" | "before", cursor: string) => {
    const params = new URLSearchParams(filterQuery);
    params.set("sort", sort);
    params.set("dir", dir);
    if (values.limit) params.set("limit", values.limit);
    params.set(key, cursor);
    return `/audit/permissions?${params.toString()}`;
  };
  // Sorting starts again from the first page but keeps the filter and the page size.
  const tableParams = new URLSearchParams(filterQuery);
  if (values.limit) tableParams.set("limit", values.limit);
  const exportParams = new URLSearchParams(filterQuery);
  exportParams.set("sort", sort);
  exportParams.set("dir", dir);
  const first = page.rows[0];
  const singleAccount = first && values.account && page.rows.every((r) => r.accountId === first.accountId) ? first : null;

  if (page.rows.length === 0) {
    return (
      <EmptyState title={page.unknownAccount ? `No account is called “${values.account ?? ""}”` : "No teammates match these filters"}>
        <Link href="/audit/permissions" className="text-blue-800 underline">
          Clear the filters
        </Link>
      </EmptyState>
    );
  }
  return (
    <section aria-label="Teammates" className="flex flex-col gap-3">
      {singleAccount ? (
        <p className="text-sm">
          Teammates of{" "}
          <Link href={`/accounts/${singleAccount.accountId}`} className="font-medium text-blue-800 underline">
            {singleAccount.accountUsername}
          </Link>{" "}
          (account {singleAccount.accountId}).
        </p>
      ) : null}
      <ExportButton href={`/audit/permissions/export?${exportParams.toString()}`} fileName="teammate-permissions.csv" label="Export all matching rows (CSV)" />
      <PermissionsTable rows={page.rows} sort={sort} dir={dir} filterQuery={tableParams.toString()} timeZone={timeZone} />
      <KeysetPager
        label="Pages"
        summary={`${page.rows.length} ${page.rows.length === 1 ? "row" : "rows"} on this page`}
        prev={page.prev ? { href: pageHref("before", page.prev), label: "← Previous" } : null}
        next={page.next ? { href: pageHref("after", page.next), label: "Next →" } : null}
      />
    </section>
  );
}
