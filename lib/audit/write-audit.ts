import "server-only";
import type { Db, Tx } from "@/lib/db/prisma";
import { metrics } from "@/lib/metrics/metrics";
import { AUDIT_COLUMNS, auditValues, type AuditInput } from "./audit-sql";

export { MAX_AUDIT_TEXT, type AuditInput } from "./audit-sql";

/**
 * Appends one entry. Pass the action's transaction so the entry commits with the work.
 * One plain INSERT rather than the model's create: every page view writes one, and the
 * generated client's query planning cost more CPU than the insert (issue 14). The
 * database's trigger seals the hash chain as for any writer.
 */
export async function writeAudit(db: Db | Tx, entry: AuditInput): Promise<void> {
  await db.$executeRaw`INSERT INTO audit_entries (${AUDIT_COLUMNS}) VALUES (${auditValues(entry)})`;
  // Counted when written; an entry inside a transaction that later rolls back is counted too.
  metrics().auditEntries.inc();
}
