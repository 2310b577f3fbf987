import { writeAudit } from "@/lib/audit/write-audit";
import { requireStaff } from "@/lib/auth/current-staff";
import { getDb } from "@/lib/db/client";
import { AUDIT_CSV_HEADER, auditCsvCells, countAuditEntries, fetchAuditBatch, type AuditEntryDto, type AuditPosition } from "@/lib/data/audit/list-audit-entries";
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
    const [field, message] = Object.entries(parsed.errors)[0] ?? ["filter", "invalid"];
    return new Response(`Invalid filter (${field}): ${message}`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
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
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${date}.csv"`,
      "Cache-Control": "no-store",
      "X-Export-Total": String(total),
      // Some proxies buffer whole responses unless told not to; the progress needs chunks.
      "X-Accel-Buffering": "no",
    },
  });
}
