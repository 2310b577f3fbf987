import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Suspense } from "react";
import { AuditLogFilters } from "@/components/audit/audit-log-filters";
import { AuditLogTable } from "@/components/audit/audit-log-table";
import { ExportButton } from "@/components/export/export-button";
import { FilterErrors } from "@/components/ui/filter-errors";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Card } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";
import { EmptyState } from "@/components/ui/empty-state";
import { requireStaff } from "@/lib/auth/current-staff";
import { countAuditEntries, listAuditEntries } from "@/lib/data/console-data";
import { AUDIT_COUNT_CAP } from "@/lib/data/audit/list-audit-entries";
import { listStaff } from "@/lib/data/console-data";
import { auditFilterParams, parseAuditLogParams, type AuditLogQuery, type AuditOrder } from "@/lib/validation/audit-log";
import type { SearchParams } from "@/lib/validation/search-params";
import { timeFormatOrUtc, type TimeFormat } from "@/lib/time/zone-time";

export const metadata: Metadata = { title: "Audit log" };

// No loading.tsx on purpose: its Suspense boundary would wrap this whole page, so a
// refused agent's 403 would stream after a 200 status line. The boundary below sits
// after the permission check instead; a layout guard is no alternative either, as
// layouts render in parallel with the page (the refusal would be audited twice).
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const me = await requireStaff("audit.read", "page:/audit/log");
  const parsed = parseAuditLogParams(await searchParams);
  const times = timeFormatOrUtc(me.timeZone);
  // The export is the page as shown: same filter, same order.
  const exportQuery = parsed.ok ? auditFilterParams(parsed.query) : null;
  if (exportQuery && parsed.ok && parsed.query.dir === "asc") exportQuery.set("dir", "asc");
  const { staff } = await listStaff();
  const staffOptions = staff.map((s) => ({ id: s.id, label: `${s.name} (${s.email})${s.isDisabled ? ", disabled" : ""}` }));
  const filterQuery = parsed.ok ? auditFilterParams(parsed.query).toString() : "";

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <Card title="Filter">
        <AuditLogFilters
          values={parsed.values}
          errors={parsed.errors}
          staff={staffOptions}
          dir={parsed.ok ? parsed.query.dir : undefined}
          timeZone={times.zone}
        />
      </Card>
      <Card
        title="Entries"
        actions={
          exportQuery ? (
            <ExportButton
              href={`/audit/log/export${exportQuery.size > 0 ? `?${exportQuery.toString()}` : ""}`}
              fileName={`audit-log-${new Date().toISOString().slice(0, 10)}.csv`}
            />
          ) : null
        }
      >
        {parsed.ok ? (
          <Suspense
            key={`${filterQuery}|${parsed.query.dir ?? ""}|${parsed.query.cursor ?? ""}`}
            fallback={<TableSkeleton label="Loading audit entries…" columns={6} />}
          >
            <AuditLogResults query={{ ...parsed.query, timeZone: times.zone }} filterQuery={filterQuery} times={times} />
          </Suspense>
        ) : (
          <FilterErrors errors={parsed.errors} />
        )}
      </Card>
    </div>
  );
}

async function AuditLogResults({ query, filterQuery, times }: { query: AuditLogQuery; filterQuery: string; times: TimeFormat }) {
  const [page, count] = await Promise.all([listAuditEntries(query), countAuditEntries(query)]);
  const dir: AuditOrder = query.dir ?? "desc";
  const href = (options: { cursor?: string; dir?: AuditOrder } = {}) => {
    const params = new URLSearchParams(filterQuery);
    if (query.limit) params.set("limit", String(query.limit));
    // Newest first is the default: its links stay as short as before.
    const order = options.dir ?? dir;
    if (order === "asc") params.set("dir", "asc");
    if (options.cursor) params.set("cursor", options.cursor);
    const search = params.toString();
    return `/audit/log${search ? `?${search}` : ""}`;
  };
  if (page.entries.length === 0) {
    return (
      <EmptyState title="No audit entries match these filters">
        <Link href="/audit/log" className="text-blue-800 underline">
          Clear the filters
        </Link>
      </EmptyState>
    );
  }
  const older = page.olderCursor ? { href: href({ cursor: page.olderCursor }), label: dir === "desc" ? "Older →" : "← Older" } : null;
  const newer = page.newerCursor ? { href: href({ cursor: page.newerCursor }), label: dir === "desc" ? "← Newer" : "Newer →" } : null;
  return (
    <div className="flex flex-col gap-3">
      <p role="status" className="text-sm text-slate-700" data-testid="audit-count">
        {count > AUDIT_COUNT_CAP
          ? `More than ${AUDIT_COUNT_CAP.toLocaleString("en-US")} entries match`
          : `${count.toLocaleString("en-US")} ${count === 1 ? "entry matches" : "entries match"}`}
      </p>
      {/* Reversing the order starts from its first page and keeps the filter. */}
      <AuditLogTable entries={page.entries} dir={dir} times={times} reverseHref={href({ dir: dir === "desc" ? "asc" : "desc" })} />
      <KeysetPager
        label="Audit log pages"
        first={!page.isFirstPage ? { href: href(), label: dir === "desc" ? "⇤ Newest" : "⇤ Oldest" } : null}
        prev={dir === "desc" ? newer : older}
        next={dir === "desc" ? older : newer}
      />
    </div>
  );
}
