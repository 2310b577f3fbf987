import { writeAudit } from "@/lib/audit/write-audit";
import { requireStaff } from "@/lib/auth/current-staff";
import { getDb } from "@/lib/db/client";
import { PERMISSIONS_CSV_HEADER, permissionsCsvCells } from "@/lib/data/audit/permissions/csv";
import { countTeammatePermissions, fetchPermissionsBatch, type TeammatePermissionRow } from "@/lib/data/audit/permissions/list";
import { parsePermissionsParams } from "@/lib/validation/permissions-audit";
import { csvResponse, invalidFilterResponse } from "@/lib/export/responses";
import { streamCsv } from "@/lib/export/stream-csv";
import { requestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";

// The permissions audit as CSV: the page's filter and sort from the query string, every
// matching row (the page position is ignored). Streamed in keyset batches.
export async function GET(request: Request): Promise<Response> {
  const staff = await requireStaff("permissions_audit.read", "export:/audit/permissions");
  const { filter, query } = parsePermissionsParams(new URL(request.url).searchParams);
  if (!filter.ok || !query.ok) {
    return invalidFilterResponse({ ...(filter.ok ? {} : filter.errors), ...(query.ok ? {} : query.errors) });
  }
  const db = getDb();
  const order = { sort: query.data.sort, dir: query.data.dir };
  // One clock for the whole export, so "90 days" means the same in the first and last row.
  const now = new Date();
  // Audited before the first byte: an export abandoned half-way has still disclosed data.
  await writeAudit(db, {
    actor: { id: staff.id, email: staff.email },
    action: "permissions_audit.export",
    outcome: "DONE",
    detail: { ...filter.data, ...order },
    ...requestMeta(request.headers),
  });
  const total = await countTeammatePermissions(db, filter.data, now);
  const stream = streamCsv<TeammatePermissionRow, string>({
    header: PERMISSIONS_CSV_HEADER,
    fetchBatch: (cursor, limit) => fetchPermissionsBatch(db, filter.data, order, cursor, limit, now),
    toCells: permissionsCsvCells,
    signal: request.signal,
    onError: (error) => log.error("permissions export failed mid-stream", { staffId: staff.id, error }),
  });
  return csvResponse(stream, { name: "teammate-permissions", date: now, total });
}
