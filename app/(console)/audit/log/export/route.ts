import { AUDIT_CSV_HEADER, auditCsvCells, countAuditEntries, fetchAuditBatch, type AuditPosition } from "@/lib/data/audit/list-audit-entries";
import { defineExportRoute } from "@/lib/export/define-export-route";
import { parseAuditLogParams } from "@/lib/validation/audit-log";

// The audit log as CSV, for the filter in the query string (the page's own URL
// parameters; cursor and limit are ignored: the export is the whole filter, in the
// page's order, `dir`). The from/to days are read in the lead's time zone, as on the
// page; every time in the file stays UTC (lib/export/README.md).
export const GET = defineExportRoute({
  permission: "audit.read",
  where: "export:/audit/log",
  audit: "audit.export",
  parse(params, staff) {
    const parsed = parseAuditLogParams(params);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    const { cursor: _cursor, limit: _limit, ...filter } = parsed.query;
    return { ok: true, filter: { ...filter, ...(filter.from || filter.to || filter.within ? { timeZone: staff.timeZone } : {}) } };
  },
  // The filter only in detail: an account id in it may not exist (the foreign key).
  count: (db, filter) => countAuditEntries(db, filter),
  batch: (db, filter, after: AuditPosition | null, limit) => fetchAuditBatch(db, filter, after, limit),
  header: AUDIT_CSV_HEADER,
  cells: auditCsvCells,
  filename: "audit-log",
});
