// The cases `npm run bench:audit` times (scripts/bench-audit.ts): their shape, and the
// audit log's pages, each with the raw SQL that returns the same rows.
import type pg from "pg";
import type { Db } from "@/lib/db/prisma";
import { listAuditEntries } from "@/lib/data/audit/list-audit-entries";
import { auditLogQuery } from "@/lib/validation/audit-log";

/** Rows per page, as the pages show them. */
export const PAGE = 50;

export interface Case {
  name: string;
  run: (client?: Db) => Promise<(number | string)[]>;
  raw: { text: string; values: unknown[] };
  /** An extra baseline printed for comparison only (OFFSET paging, a flag without its summary). */
  compare?: { label: string; text: string; values: unknown[] };
}

const AUDIT_SELECT = `e.id, e.created_at, e.actor_id, e.actor_email, s.name AS actor_name, e.action, e.outcome, e.code, e.target_account_id,
                      a.username AS account_username, e.target_sign_up_id, e.ticket_ref, e.reason, e.detail, e.ip, e.user_agent`;
const AUDIT_FROM = `audit_entries e LEFT JOIN staff_users s ON s.id = e.actor_id LEFT JOIN accounts a ON a.id = e.target_account_id`;

export interface AuditCasesBench {
  pool: pg.Pool;
  db: Db;
  now: Date;
  fail: (message: string) => never;
}

/** The audit log's pages (first, 500th, filtered) with their raw SQL, or none when the log is too short. */
export async function buildAuditCases({ pool, db, now, fail }: AuditCasesBench): Promise<Case[]> {
  const entries = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries`)).rows[0]?.n ?? 0;
  if (entries < 500 * PAGE) {
    console.warn(`\nbench:audit: the audit log has ${entries} entries; seed a scale database with this version to benchmark it`);
    return [];
  }
  const auditPage =
    (filter: Record<string, string>, cursor?: string) =>
    async (client: Db = db) =>
      (await listAuditEntries(client, auditLogQuery.parse({ ...filter, ...(cursor ? { cursor } : {}) }))).entries.map((e) => e.id);
  let cursor: string | null = null;
  let lastAt = "";
  let lastId = "";
  const walkStart = performance.now();
  for (let i = 0; i < 499; i++) {
    const p = await listAuditEntries(db, auditLogQuery.parse(cursor ? { cursor } : {}));
    cursor = p.olderCursor;
    const last = p.entries[p.entries.length - 1];
    lastAt = last?.createdAt ?? "";
    lastId = last?.id ?? "";
  }
  const older = cursor ?? fail("fewer than 500 pages of audit entries");
  console.log(
    `\naudit log: ${entries.toLocaleString("en-US")} entries; walked to page 500 with Older: ${(performance.now() - walkStart).toFixed(0)} ms for 499 pages`,
  );
  const actor =
    (await pool.query<{ id: string }>(`SELECT actor_id AS id FROM audit_entries WHERE actor_id IS NOT NULL ORDER BY id DESC LIMIT 1`)).rows[0]?.id ?? "";
  const from = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      name: "audit: first page",
      run: auditPage({}),
      raw: { text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`, values: [] },
    },
    {
      name: "audit: page 500",
      run: auditPage({}, older),
      raw: {
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} WHERE e.created_at <= $1 AND (e.created_at < $1 OR e.id < $2)
               ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`,
        values: [lastAt, lastId],
      },
      compare: {
        label: "raw OFFSET",
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE} OFFSET ${499 * PAGE}`,
        values: [],
      },
    },
    {
      name: "audit: actor + refused + 90 days",
      run: auditPage({ actor, outcome: "REFUSED", from }),
      raw: {
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} WHERE e.actor_id = $1 AND e.outcome = 'REFUSED' AND e.created_at >= $2::date
               ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`,
        values: [actor, from],
      },
    },
    {
      name: "audit: action, all time",
      run: auditPage({ action: "recovery.send_password_reset" }),
      raw: {
        text: `SELECT ${AUDIT_SELECT} FROM ${AUDIT_FROM} WHERE e.action = 'recovery.send_password_reset' ORDER BY e.created_at DESC, e.id DESC LIMIT ${PAGE}`,
        values: [],
      },
    },
  ];
}
