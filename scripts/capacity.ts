// npm run capacity [-- --project 10000000,100000000]
//
// What the database costs per customer, measured on a seeded database (DATABASE_URL):
// for each large table its rows, heap and index bytes per row (partitions summed), and
// how it grows: with accounts (rows per account), or with time (login attempts, audit
// entries, ingest bookkeeping, whose size is a retention window times a rate). Then the
// extrapolation of the account-driven part to the sizes given (default 10M and 100M
// accounts). docs/performance.md's capacity section is made from this output at 100k and 1M.
import { parseArgs } from "node:util";
import pg from "pg";
import { failWith } from "./bench-support";

const USAGE = "usage: DATABASE_URL=postgresql://… npm run capacity [-- --project 10000000,100000000]";
const fail: (message: string) => never = failWith("capacity", USAGE);
const { values: args } = parseArgs({ options: { project: { type: "string" } }, strict: true });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail("DATABASE_URL is required (a seeded PostgreSQL database)");
const projections = (args.project ?? "10000000,100000000").split(",").map((v) => {
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) fail(`--project takes account counts separated by commas, got "${v}"`);
  return n;
});

/** Tables whose size follows time (a rate times a retention window), not the number of accounts. */
const GROWS_WITH_TIME = new Set(["login_attempts", "audit_entries", "ingested_events", "pending_ingest_events", "email_outbox", "caught_emails"]);

interface TableRow {
  name: string;
  rows: number;
  heap: number;
  indexes: number;
}

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  await client.query("ANALYZE");
  // Partitioned tables: the sum over their partitions (the parent holds nothing).
  const { rows } = await client.query<{ name: string; rows: string; heap: string; indexes: string }>(`
    WITH tables AS (
      SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition)
    SELECT t.relname AS name,
           sum(GREATEST(p.reltuples, 0))::bigint AS rows,
           sum(pg_table_size(p.oid))::bigint AS heap,
           sum(pg_indexes_size(p.oid))::bigint AS indexes
      FROM tables t
      -- pg_partition_tree lists nothing for a plain table: it is its own only leaf.
      JOIN LATERAL (SELECT relid FROM pg_partition_tree(t.oid) WHERE isleaf AND t.relkind = 'p' UNION SELECT t.oid WHERE t.relkind = 'r') leaf ON true
      JOIN pg_class p ON p.oid = leaf.relid
     GROUP BY t.relname
     ORDER BY sum(pg_table_size(p.oid) + pg_indexes_size(p.oid)) DESC`);
  const tables: TableRow[] = rows.map((r) => ({ name: r.name, rows: Number(r.rows), heap: Number(r.heap), indexes: Number(r.indexes) }));
  const accounts = tables.find((t) => t.name === "accounts")?.rows ?? 0;
  if (accounts < 1) fail("the database has no accounts: seed it first (npm run db:seed -- --accounts 100000)");
  const total = (await client.query<{ size: string }>("SELECT pg_database_size(current_database())::text AS size")).rows[0]?.size ?? "0";

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(9);
  const perRow = (bytes: number, n: number) => (n > 0 ? String(Math.round(bytes / n)) : "-").padStart(7);
  console.log(`capacity: ${accounts.toLocaleString("en-GB")} accounts, database ${mb(Number(total)).trim()} MB\n`);
  console.log("table                      rows   rows/acct  heap MB   index MB  heap B/row idx B/row  grows with");
  for (const t of tables.filter((x) => x.heap + x.indexes > 1024 * 1024)) {
    console.log(
      `${t.name.padEnd(22)} ${t.rows.toLocaleString("en-GB").padStart(11)} ${(t.rows / accounts).toFixed(2).padStart(8)} ${mb(t.heap)} ${mb(t.indexes)}   ${perRow(t.heap, t.rows)}   ${perRow(t.indexes, t.rows)}   ${GROWS_WITH_TIME.has(t.name) ? "time (rate x retention)" : "accounts"}`,
    );
  }
  const byAccounts = tables.filter((t) => !GROWS_WITH_TIME.has(t.name)).reduce((sum, t) => sum + t.heap + t.indexes, 0);
  const byTime = tables.filter((t) => GROWS_WITH_TIME.has(t.name)).reduce((sum, t) => sum + t.heap + t.indexes, 0);
  console.log(`\nper account (tables that grow with accounts): ${Math.round(byAccounts / accounts)} bytes`);
  console.log(`time-driven tables as seeded: ${mb(byTime).trim()} MB (their size is the retention window times the event rate, not the account count)`);
  for (const n of projections) {
    console.log(`  at ${n.toLocaleString("en-GB")} accounts: ${(((byAccounts / accounts) * n) / 1024 ** 3).toFixed(1)} GB for the account-driven tables`);
  }
} finally {
  await client.end();
}
