// The check `npm start` makes of DATABASE_READ_URL before serving, as it checks
// DATABASE_URL's migrations: a replica that is unreachable, of another cluster or
// database, or missing migrations would answer the search and the audit pages from the
// wrong data, or fail on every one of them. Refusing at start is cheaper than finding
// out from an agent.
import pg from "pg";

export type ReadReplicaCheck = { ok: true; notes: string[]; warnings: string[] } | { ok: false; message: string };

interface Identity {
  database: string;
  standby: boolean;
  /** pg_control_system()'s system identifier: a physical standby has its primary's. Null if not readable. */
  system: string | null;
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function identity(client: pg.Client): Promise<Identity> {
  const { rows } = await client.query<{ database: string; standby: boolean }>("SELECT current_database() AS database, pg_is_in_recovery() AS standby");
  const row = rows[0];
  if (!row) throw new Error("no answer to SELECT current_database()");
  // Readable by every role by default, but a hardened server may revoke it: then the
  // cluster check is skipped rather than the start refused.
  const system = await client
    .query<{ system: string }>("SELECT system_identifier::text AS system FROM pg_control_system()")
    .then((r) => r.rows[0]?.system ?? null)
    .catch(() => null);
  return { ...row, system };
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Connects to both databases and says whether DATABASE_READ_URL may serve the console's
 * lag-tolerant reads. `migrations` are the names the code expects to be applied.
 * Messages name the variables, never their values (a URL may hold a password).
 */
export async function checkReadReplica(primaryUrl: string, readUrl: string, migrations: readonly string[]): Promise<ReadReplicaCheck> {
  const notes: string[] = [];
  const warnings: string[] = [];
  if (primaryUrl === readUrl) {
    warnings.push("DATABASE_READ_URL is the same as DATABASE_URL: every read still goes to the primary.");
  }
  let primary: Identity & { lsn: string };
  try {
    primary = await withClient(primaryUrl, async (client) => {
      const lsn = (await client.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]?.lsn ?? "0/0";
      return { ...(await identity(client)), lsn };
    });
  } catch (error) {
    return { ok: false, message: `cannot connect to DATABASE_URL to compare it with DATABASE_READ_URL: ${reason(error)}` };
  }
  let replica: Identity & { applied: Set<string>; bytesBehind: number | null };
  try {
    replica = await withClient(readUrl, async (client) => {
      const id = await identity(client);
      const applied = await client
        .query<{ name: string }>("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL")
        .then((r) => new Set(r.rows.map((row) => row.name)))
        .catch(() => new Set<string>());
      const bytesBehind = id.standby
        ? await client
            .query<{ behind: string | null }>("SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::text AS behind", [primary.lsn])
            .then((r) => (r.rows[0]?.behind == null ? null : Math.max(0, Number(r.rows[0].behind))))
        : null;
      return { ...id, applied, bytesBehind };
    });
  } catch (error) {
    return { ok: false, message: `cannot connect to DATABASE_READ_URL: ${reason(error)}` };
  }

  if (replica.standby && primary.system && replica.system && primary.system !== replica.system) {
    return {
      ok: false,
      message: `DATABASE_READ_URL is a standby of another PostgreSQL cluster (system ${replica.system}) than DATABASE_URL's (system ${primary.system}): it would answer searches from other data.`,
    };
  }
  if (replica.database !== primary.database) {
    const message = `DATABASE_READ_URL names database "${replica.database}" while DATABASE_URL names "${primary.database}"`;
    // On a standby of the same cluster both databases exist: the URL is simply wrong.
    if (replica.standby) return { ok: false, message: `${message}: point it at the same database on the replica.` };
    warnings.push(`${message}: make sure it holds the same data.`);
  }
  const missing = migrations.filter((name) => !replica.applied.has(name));
  if (missing.length) {
    return {
      ok: false,
      message:
        `DATABASE_READ_URL lacks ${missing.length} migration(s) the code needs (first: ${missing[0]}): ` +
        "is it a replica of DATABASE_URL's database, and is it replaying? Run `npm run db:migrate` on the primary; a replica follows it.",
    };
  }
  if (replica.standby) {
    notes.push(
      `DATABASE_READ_URL is a streaming standby of DATABASE_URL's cluster` +
        (replica.bytesBehind === null ? "" : `, ${replica.bytesBehind.toLocaleString("en-US")} bytes of WAL behind`),
    );
  } else {
    warnings.push(
      "DATABASE_READ_URL is not a standby (pg_is_in_recovery() is false). That is fine for a connection pooler in front of the primary " +
        "or a logically replicated copy, but nothing stops the console from reading other data there.",
    );
  }
  return { ok: true, notes, warnings };
}
