// Two roles on a PostgreSQL server: the owner, which runs migrations and owns every
// table, and the app's login role, which may read and write the data but only read
// and append to the audit trail. Triggers alone cannot protect audit_entries from the
// role that owns it: an owner may disable or drop them, and a superuser session may
// skip them. Privileges are enforced before any trigger runs and cannot be switched
// off by the role they restrict.
//
// ensureAppRole is idempotent (run it after every migration): it re-grants from
// scratch table by table, so a privilege granted by hand or by a new migration's
// default privileges is narrowed again where it must be.
//
// No "server-only" here: `npm run db:roles` and the tests import it outside Next.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import pg from "pg";

/** Tables the app may only read and append to. */
export const APPEND_ONLY_TABLES = ["audit_entries"] as const;
/**
 * Tables the app may only read: `npm start` reads the migration history to refuse pending
 * migrations; the audit chain's head is moved only by the chain trigger (as the owner),
 * and a role that could lock or update it could stall or fork the chain.
 */
export const READ_ONLY_TABLES = ["_prisma_migrations", "audit_chain_head"] as const;

const READ_WRITE = "SELECT, INSERT, UPDATE, DELETE";

/**
 * Functions the app may call. Partition upkeep creates and drops login_attempts
 * partitions, which only the table's owner may do: the migration makes it a SECURITY
 * DEFINER function with EXECUTE revoked from PUBLIC, and the app role gets it here
 * (the worker runs it with DATABASE_URL). Partitions it creates are owned by the owner,
 * so the default privileges below give the app read/write on them at once.
 */
export const APP_FUNCTIONS = ["login_attempts_maintain(timestamptz, integer, integer)"] as const;

export interface EnsureAppRoleOptions {
  /** The app's login role (lower-case letters, digits and _). */
  role: string;
  /** Sets (or rotates) the role's password; a new role without one gets a generated password. */
  password?: string;
}

export interface EnsureAppRoleResult {
  role: string;
  created: boolean;
  /** The password generated for a new role: shown once, stored nowhere. */
  generatedPassword: string | null;
  schema: string;
  /** Tables the role may read and write (all but the append-only and read-only ones). */
  readWriteTables: number;
  /** Things that weaken the separation but that this tool does not change on its own. */
  warnings: string[];
}

export class AppRoleError extends Error {}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * PostgreSQL's SCRAM-SHA-256 verifier for a password, so the plaintext never reaches
 * the server (where statement logging or pg_stat_statements could keep it).
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const storedKey = createHash("sha256").update(createHmac("sha256", salted).update("Client Key").digest()).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

function checkPassword(password: string): void {
  // The server normalises non-ASCII passwords (SASLprep) before hashing; a verifier
  // made here without that would not match. Printable ASCII needs no normalising.
  if (!/^[\x21-\x7e]{16,}$/.test(password)) {
    throw new AppRoleError("APP_DB_PASSWORD must be at least 16 printable ASCII characters without spaces");
  }
}

interface RoleRow {
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  rolcanlogin: boolean;
}

/** Creates the app role if missing and grants it exactly what the console needs, in one transaction. */
export async function ensureAppRole(ownerUrl: string, options: EnsureAppRoleOptions): Promise<EnsureAppRoleResult> {
  const { role } = options;
  if (!ROLE_NAME.test(role)) throw new AppRoleError(`role names use lower-case letters, digits and _ (got "${role}")`);
  if (options.password !== undefined) checkPassword(options.password);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const result = await grant(client, role, options.password);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function grant(client: pg.Client, role: string, password: string | undefined): Promise<EnsureAppRoleResult> {
  const id = pg.escapeIdentifier(role);
  const who = await client.query<{ owner: string; schema: string; database: string; schemaOwner: string; auditOwner: string | null }>(
    `SELECT current_user AS owner, current_schema() AS schema, current_database() AS database,
            pg_get_userbyid(n.nspowner) AS "schemaOwner",
            (SELECT pg_get_userbyid(c.relowner) FROM pg_class c
              WHERE c.relnamespace = n.oid AND c.relname = 'audit_entries' AND c.relkind IN ('r', 'p')) AS "auditOwner"
       FROM pg_namespace n WHERE n.nspname = current_schema()`,
  );
  const ctx = who.rows[0];
  if (!ctx) throw new AppRoleError("the connection has no current schema: check the URL's search_path");
  if (!ctx.auditOwner) throw new AppRoleError(`no audit_entries table in schema ${ctx.schema}: run \`npm run db:migrate\` first`);
  if (role === ctx.owner || role === ctx.auditOwner || role === ctx.schemaOwner) {
    throw new AppRoleError(`"${role}" owns the schema or its tables: the app needs a role of its own (try --role console_app)`);
  }
  const schema = pg.escapeIdentifier(ctx.schema);
  const warnings: string[] = [];

  const existing = await client.query<RoleRow>(
    `SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1`,
    [role],
  );
  const current = existing.rows[0];
  let generatedPassword: string | null = null;
  if (!current) {
    let secret = password;
    if (secret === undefined) {
      generatedPassword = randomBytes(24).toString("base64url");
      secret = generatedPassword;
    }
    await client.query(
      `CREATE ROLE ${id} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${pg.escapeLiteral(scramVerifier(secret))}`,
    );
  } else {
    // An existing role may have been created by hand with more than it should have.
    // Only attributes that are wrong are named: changing SUPERUSER, REPLICATION or
    // BYPASSRLS at all needs a superuser, even to turn them off.
    const fixes = [
      current.rolsuper && "NOSUPERUSER",
      current.rolcreaterole && "NOCREATEROLE",
      current.rolcreatedb && "NOCREATEDB",
      current.rolreplication && "NOREPLICATION",
      current.rolbypassrls && "NOBYPASSRLS",
      !current.rolcanlogin && "LOGIN",
    ].filter((fix): fix is string => typeof fix === "string");
    if (password !== undefined) fixes.push(`PASSWORD ${pg.escapeLiteral(scramVerifier(password))}`);
    if (fixes.length) {
      try {
        await client.query(`ALTER ROLE ${id} ${fixes.join(" ")}`);
      } catch (error) {
        throw new AppRoleError(`cannot correct role "${role}" (${fixes.map((f) => f.split(" ")[0]).join(", ")}): ${String(error)}`);
      }
    }
  }

  // Membership in the owner (or in any role that owns the schema or the trail) would
  // hand the app the owner's rights: ALTER TABLE, DROP TRIGGER, DROP TABLE.
  const owners = [...new Set([ctx.owner, ctx.schemaOwner, ctx.auditOwner])];
  const memberOf = await client.query<{ name: string }>(`SELECT o AS name FROM unnest($2::text[]) o WHERE pg_has_role($1, o, 'MEMBER')`, [role, owners]);
  if (memberOf.rows.length) {
    const names = memberOf.rows.map((r) => r.name).join(", ");
    throw new AppRoleError(`"${role}" is a member of ${names}, which owns the console's objects, so it could alter or drop them: REVOKE ${names} FROM ${role}`);
  }

  await client.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(ctx.database)} TO ${id}`);
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${id}`);
  // No CREATE: a role that can create objects in the schema could shadow a function
  // or operator the audit triggers call.
  await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM ${id}`);

  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname`,
    [ctx.schema],
  );
  let readWriteTables = 0;
  for (const { name } of tables.rows) {
    const table = `${schema}.${pg.escapeIdentifier(name)}`;
    // From nothing, every time: TRUNCATE, TRIGGER or REFERENCES granted by hand go too.
    await client.query(`REVOKE ALL ON TABLE ${table} FROM ${id}`);
    const privileges = (APPEND_ONLY_TABLES as readonly string[]).includes(name)
      ? "SELECT, INSERT"
      : (READ_ONLY_TABLES as readonly string[]).includes(name)
        ? "SELECT"
        : READ_WRITE;
    if (privileges === READ_WRITE) readWriteTables++;
    await client.query(`GRANT ${privileges} ON TABLE ${table} TO ${id}`);
  }
  const sequences = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND c.relkind = 'S' ORDER BY c.relname`,
    [ctx.schema],
  );
  for (const { name } of sequences.rows) {
    const sequence = `${schema}.${pg.escapeIdentifier(name)}`;
    // USAGE (nextval) for inserts; no UPDATE, so no setval.
    await client.query(`REVOKE ALL ON SEQUENCE ${sequence} FROM ${id}`);
    await client.query(`GRANT USAGE, SELECT ON SEQUENCE ${sequence} TO ${id}`);
  }
  for (const signature of APP_FUNCTIONS) {
    const fn = `${schema}.${signature}`;
    const exists = await client.query<{ fn: string | null }>(`SELECT to_regprocedure($1)::text AS fn`, [fn]);
    if (!exists.rows[0]?.fn) continue;
    await client.query(`REVOKE ALL ON FUNCTION ${fn} FROM ${id}`);
    await client.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${id}`);
  }
  // Tables a later migration creates are usable at once; audit tables among them get
  // narrowed the next time this runs (the deploy runs it after every migration).
  const creator = pg.escapeIdentifier(ctx.owner);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${creator} IN SCHEMA ${schema} GRANT ${READ_WRITE} ON TABLES TO ${id}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${creator} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${id}`);

  // PostgreSQL 15 lets a superuser GRANT SET on superuser-only settings, such as
  // session_replication_role, which skips ordinary triggers.
  const version = await client.query<{ n: number }>(`SELECT current_setting('server_version_num')::int AS n`);
  const canSetReplicationRole = async () =>
    (await client.query<{ yes: boolean }>(`SELECT has_parameter_privilege($1, 'session_replication_role', 'SET') AS yes`, [role])).rows[0]?.yes === true;
  if ((version.rows[0]?.n ?? 0) >= 150000 && (await canSetReplicationRole())) {
    await client.query(`REVOKE SET ON PARAMETER session_replication_role FROM ${id}`);
    if (await canSetReplicationRole()) {
      throw new AppRoleError(`"${role}" may SET session_replication_role through another grant: revoke it`);
    }
  }

  // What the role can do in the end, including through PUBLIC or other roles it belongs to.
  for (const table of APPEND_ONLY_TABLES) {
    const check = await client.query<{ bad: boolean }>(`SELECT has_table_privilege($1, $2, 'UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES') AS bad`, [
      role,
      `${schema}.${pg.escapeIdentifier(table)}`,
    ]);
    if (check.rows[0]?.bad) {
      throw new AppRoleError(`"${role}" can still change ${table} through PUBLIC or a role it belongs to: find the grant with \\dp ${table} and revoke it`);
    }
  }
  const canCreate = await client.query<{ yes: boolean }>(`SELECT has_schema_privilege($1, $2, 'CREATE') AS yes`, [role, ctx.schema]);
  if (canCreate.rows[0]?.yes) {
    warnings.push(
      `"${role}" may create objects in schema ${ctx.schema} (granted to PUBLIC, the default before PostgreSQL 15). ` +
        `If no other role relies on it: REVOKE CREATE ON SCHEMA ${ctx.schema} FROM PUBLIC`,
    );
  }

  return { role, created: !current, generatedPassword, schema: ctx.schema, readWriteTables, warnings };
}
