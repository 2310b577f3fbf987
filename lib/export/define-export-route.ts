import "server-only";
// The one way to add a CSV export: a route handler built from what differs (who may,
// what it is audited as, how the URL becomes a filter, how to count and page the rows,
// the columns). The steps every export takes, in this order, live here:
//   permission (403 and audited, before anything is read) -> parse the query (400 with
//   the first bad field) -> audit the export before the first byte (an export abandoned
//   half-way has still disclosed data) -> count (the progress total) -> stream the rows
//   in keyset batches (one batch in memory; stops when the client goes away).
// With a read replica, the count and the rows come from it (an export is the heaviest
// read there is, and a second of lag does not matter to it) unless this browser has just
// acted (lib/db/read-routing.ts); the audit entry is written to the primary.
import type { AuditAction } from "@/lib/audit/action-names";
import { writeAudit, type AuditInput } from "@/lib/audit/write-audit";
import { requireStaff, type StaffContext } from "@/lib/auth/current-staff";
import type { Permission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/prisma";
import { lagTolerantDb } from "@/lib/db/read-routing";
import { requestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import type { CsvCell } from "./csv";
import { csvResponse, invalidFilterResponse } from "./responses";
import { streamCsv, type CsvBatch } from "./stream-csv";

export interface ExportRouteSpec<F, Row, Cursor> {
  /** The permission the caller needs; "where" names the route in a refusal's audit entry. */
  permission: Permission;
  where: string;
  /** What the audit trail calls the export. */
  audit: AuditAction;
  /** The query string to the export's filter, or the field errors; `staff` for what depends on the viewer (their time zone). */
  parse: (params: URLSearchParams, staff: StaffContext) => { ok: true; filter: F } | { ok: false; errors: Record<string, string> };
  /** What the audit entry records of the filter (its `detail`). */
  auditDetail?: (filter: F) => AuditInput["detail"];
  /** How many rows the export will have (the X-Export-Total header drives the progress bar). */
  count: (db: Db, filter: F, now: Date) => Promise<number>;
  /** One keyset batch after `cursor`. */
  batch: (db: Db, filter: F, cursor: Cursor | null, limit: number, now: Date) => Promise<CsvBatch<Row, Cursor>>;
  header: readonly string[];
  cells: (row: Row) => readonly CsvCell[];
  /** The download's name, before `-<date>.csv`. */
  filename: string;
}

type RouteHandler = (request: Request) => Promise<Response>;

// Lets the route authorisation matrix test read each export's permission from the
// handler itself rather than from its source text.
const guards = new WeakMap<RouteHandler, { permission: Permission; where: string }>();
export function getRouteGuard(handler: unknown): { permission: Permission; where: string } | undefined {
  return typeof handler === "function" ? guards.get(handler as RouteHandler) : undefined;
}

export function defineExportRoute<F, Row, Cursor>(spec: ExportRouteSpec<F, Row, Cursor>): RouteHandler {
  const handler: RouteHandler = async (request) => {
    const staff = await requireStaff(spec.permission, spec.where);
    const parsed = spec.parse(new URL(request.url).searchParams, staff);
    if (!parsed.ok) return invalidFilterResponse(parsed.errors);
    const { filter } = parsed;
    const db = await lagTolerantDb();
    // One clock for the whole export, so "90 days" means the same in the first and last row.
    const now = new Date();
    await writeAudit(getDb(), {
      actor: { id: staff.id, email: staff.email },
      action: spec.audit,
      outcome: "DONE",
      detail: spec.auditDetail ? spec.auditDetail(filter) : (filter as AuditInput["detail"]),
      ...requestMeta(request.headers),
    });
    const total = await spec.count(db, filter, now);
    const stream = streamCsv<Row, Cursor>({
      header: spec.header,
      fetchBatch: (cursor, limit) => spec.batch(db, filter, cursor, limit, now),
      toCells: spec.cells,
      signal: request.signal,
      onError: (error) => log.error("export failed mid-stream", { export: spec.audit, staffId: staff.id, error }),
    });
    return csvResponse(stream, { name: spec.filename, date: now, total });
  };
  guards.set(handler, { permission: spec.permission, where: spec.where });
  return handler;
}
