import { PERMISSIONS_CSV_HEADER, permissionsCsvCells } from "@/lib/data/audit/permissions/csv";
import { countTeammatePermissions, fetchPermissionsBatch } from "@/lib/data/audit/permissions/list";
import { defineExportRoute } from "@/lib/export/define-export-route";
import { parsePermissionsParams } from "@/lib/validation/permissions-audit";

// The permissions audit as CSV: the page's filter and sort from the query string, every
// matching row (the page position is ignored). Streamed in keyset batches.
export const GET = defineExportRoute({
  permission: "permissions_audit.read",
  where: "export:/audit/permissions",
  audit: "permissions_audit.export",
  parse(params) {
    const { filter, query } = parsePermissionsParams(params);
    if (!filter.ok || !query.ok) return { ok: false, errors: { ...(filter.ok ? {} : filter.errors), ...(query.ok ? {} : query.errors) } };
    return { ok: true, filter: { ...filter.data, sort: query.data.sort, dir: query.data.dir } };
  },
  count: (db, { sort: _sort, dir: _dir, ...filter }, now) => countTeammatePermissions(db, filter, now),
  batch: (db, { sort, dir, ...filter }, cursor: string | null, limit, now) => fetchPermissionsBatch(db, filter, { sort, dir }, cursor, limit, now),
  header: PERMISSIONS_CSV_HEADER,
  cells: permissionsCsvCells,
  filename: "teammate-permissions",
});
