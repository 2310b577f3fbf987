import { writeAudit } from "@/lib/audit/write-audit";
import { requireStaff } from "@/lib/auth/current-staff";
import { getDb } from "@/lib/db/client";
import { AUDIT_CSV_HEADER, auditCsvCells, countAuditEntries, fetchAuditBatch, type AuditEntryDto, type AuditPosition } from "@/lib/data/audit/list-audit-entries";
import { csvResponse, invalidFilterResponse } from "@/lib/export/responses";
import { streamCsv } from "@/lib/export/stream-csv";
import { requestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import { parseAuditLogParams } from "@/lib/validation/audit-log";

// The audit log as CSV, for the filter in the query string (the page's own URL
// parameters; cursor and limit are ignored: the export is the whole filter).
export async function GET(request: Request): Promise<Response> {
  const staff = await requireStaff("audit.read", "export:/audit/log");
  const parsed = parseAuditLogParams(new URL(request.url).searchParams);
  if (!parsed.ok) {
    return invalidFilterResponse(parsed.errors);
  }
  const { cursor: _cursor, limit: _limit, ...filter } = parsed.query;
  const db = getDb();
  // Audited before the first byte: an export abandoned half-way has still disclosed data.
  await writeAudit(db, {
    actor: { id: staff.id, email: staff.email },
    action: "audit.export",
    outcome: "DONE",
    // The filter only in detail: an account id in it may not exist (the foreign key).
    detail: filter,
    ...requestMeta(request.headers),
  });
  const total = await countAuditEntries(db, filter);
  const stream = streamCsv<AuditEntryDto, AuditPosition>({
    header: AUDIT_CSV_HEADER,
    fetchBatch: (after, limit) => fetchAuditBatch(db, filter, after, limit),
    toCells: auditCsvCells,
    signal: request.signal,
    onError: (error) => log.error("audit export failed mid-stream", { staffId: staff.id, error }),
  });
  return csvResponse(stream, { name: "audit-log", date: new Date(), total });
}
