// The scale seed's bulk load without secondary indexes (prisma/seed/scale.ts): which
// tables, and the indexes the load drops and rebuilds afterwards.
import type pg from "pg";

// Tables whose secondary indexes are dropped during the load and rebuilt afterwards:
// one sorted build is many times faster than millions of random index insertions.
// Unique indexes and primary keys stay (they are constraints, and our ids are
// monotonic so their maintenance is cheap).
export const BULK_TABLES = [
  "accounts",
  "sign_ups",
  "teammates",
  "api_keys",
  "password_integrations",
  "credential_changes",
  "login_attempts",
  "invoices",
  "bans",
  "audit_entries",
];

/** Kept by triggers, which the load skips: rebuilt from the loaded rows at the end. */
export const SUMMARY_TABLES = ["account_flag_facts", "teammate_flag_facts", "overview_counts"];

/** The bulk tables' secondary indexes, with the definitions that rebuild them. */
export async function secondaryIndexes(client: pg.Client): Promise<{ name: string; def: string }[]> {
  const idx = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace s ON s.oid = t.relnamespace
      WHERE s.nspname = current_schema() AND t.relname = ANY($1::text[])
        AND NOT x.indisunique AND NOT x.indisprimary`,
    [BULK_TABLES],
  );
  // pg_get_indexdef writes an index of a partitioned table (login_attempts) as
  // "ON ONLY", which would rebuild it on the parent alone, invalid and unused: the
  // rebuild must cascade to every partition.
  return idx.rows.map((row) => ({ ...row, def: row.def.replace(/ ON ONLY /, " ON ") }));
}
