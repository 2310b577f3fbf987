-- AlterTable
ALTER TABLE "audit_entries" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT;

-- The audit trail becomes a hash chain (like CloudTrail's log file validation): each
-- entry's hash covers its content and the previous entry's hash, so an edit, a deleted
-- entry or a forged hash breaks every later link, and `npm run audit:verify` rebuilds
-- the chain outside the database and names the first broken entry.
--
-- The canonical content lives in ONE place on each side: audit_entry_hash() here and
-- lib/audit/chain-hash.ts for the verifier. They must change together, and a column
-- added to audit_entries is not covered until both do (bump the v1 prefix then).
-- Each field is written as its UTF-8 byte length, a colon and the text, or a dash for
-- NULL, so no value can be mistaken for another (empty vs NULL, separators in values).
-- The timestamp is hashed as epoch milliseconds (the column holds milliseconds).
--
-- adapter-pg runs a migration by splitting it at every semicolon, so every function
-- body below is an E-string whose semicolons are written as the octal escape \073 and
-- no comment contains a semicolon.
CREATE FUNCTION "audit_chain_field"(value text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
  E'SELECT CASE WHEN value IS NULL THEN ''-'' ELSE pg_catalog.octet_length(pg_catalog.convert_to(value, ''UTF8''))::text || '':'' || value END';

CREATE FUNCTION "audit_entry_hash"(prior_hash text, e "audit_entries") RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
  E'SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
      ''audit_entries/v1''
      || audit_chain_field(prior_hash)
      || audit_chain_field(e.id::text)
      || audit_chain_field((EXTRACT(EPOCH FROM e.created_at) * 1000)::bigint::text)
      || audit_chain_field(e.actor_id)
      || audit_chain_field(e.actor_email)
      || audit_chain_field(e.action)
      || audit_chain_field(e.outcome::text)
      || audit_chain_field(e.code)
      || audit_chain_field(e.target_account_id::text)
      || audit_chain_field(e.target_sign_up_id::text)
      || audit_chain_field(e.ticket_ref)
      || audit_chain_field(e.reason)
      || audit_chain_field(e.detail::text)
      || audit_chain_field(e.ip)
      || audit_chain_field(e.user_agent),
    ''UTF8'')), ''hex'')';

-- Links each new entry to the newest one, whatever the app sent for id, prev_hash and
-- hash. Writers queue on one transaction-scoped advisory lock (the key is "audit" in
-- ASCII), held until their commit, so two transactions can never link to the same
-- entry. The id was drawn from the sequence before the lock, so a later writer may
-- hold a smaller one: it is drawn again under the lock, which makes id order the
-- chain order (the verifier walks ids) at the price of gaps. VOLATILE (the default)
-- matters: each statement takes a fresh snapshot, so a writer that waited sees the
-- entry its predecessor committed, and a multi-row INSERT sees its own earlier rows.
CREATE FUNCTION "audit_entries_chain"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS
  E'DECLARE
    prior_hash text\073
  BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(418581342580)\073
    NEW.id := pg_catalog.nextval(''audit_entries_id_seq''::regclass)\073
    SELECT a.hash INTO prior_hash FROM audit_entries a ORDER BY a.id DESC LIMIT 1\073
    NEW.prev_hash := prior_hash\073
    NEW.hash := audit_entry_hash(prior_hash, NEW)\073
    RETURN NEW\073
  END';

-- The trigger runs with the inserting role's search_path: pinning it keeps a temporary
-- table named audit_entries (any role may create one) from standing in for the real one.
DO E'BEGIN
  EXECUTE pg_catalog.format(''ALTER FUNCTION %I.audit_entries_chain() SET search_path = pg_catalog, %I, pg_temp'', pg_catalog.current_schema(), pg_catalog.current_schema())\073
END';

CREATE TRIGGER "audit_entries_chain"
  BEFORE INSERT ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_chain"();

-- ALWAYS: the triggers also fire under session_replication_role = replica, which
-- otherwise skips them (that is how a superuser session emptied the trail before), and
-- the scale seed, which loads in replica mode, still gets a chained trail.
ALTER TABLE "audit_entries" ENABLE ALWAYS TRIGGER "audit_entries_chain";

ALTER TABLE "audit_entries" ENABLE ALWAYS TRIGGER "audit_entries_no_truncate";

-- Backfill the existing entries in id order, in one statement (so one transaction: the
-- append-only trigger is never left disabled). ALTER TABLE takes its lock first, so no
-- entry can be added or committed while the chain is rebuilt, and entries added since
-- the chain trigger was created are rebuilt too. Hashes are written back every 10,000
-- entries to bound memory on a large trail.
DO E'DECLARE
    entry audit_entries\073
    prior_hash text\073
    ids bigint[] := ''{}''\073
    prior_hashes text[] := ''{}''\073
    hashes text[] := ''{}''\073
  BEGIN
    ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_or_delete\073
    FOR entry IN SELECT * FROM audit_entries ORDER BY id LOOP
      ids := ids || entry.id\073
      prior_hashes := prior_hashes || prior_hash\073
      prior_hash := audit_entry_hash(prior_hash, entry)\073
      hashes := hashes || prior_hash\073
      IF pg_catalog.cardinality(ids) >= 10000 THEN
        UPDATE audit_entries a SET prev_hash = u.prev_hash, hash = u.hash
          FROM unnest(ids, prior_hashes, hashes) AS u(id, prev_hash, hash) WHERE a.id = u.id\073
        ids := ''{}''\073
        prior_hashes := ''{}''\073
        hashes := ''{}''\073
      END IF\073
    END LOOP\073
    UPDATE audit_entries a SET prev_hash = u.prev_hash, hash = u.hash
      FROM unnest(ids, prior_hashes, hashes) AS u(id, prev_hash, hash) WHERE a.id = u.id\073
    ALTER TABLE audit_entries ENABLE ALWAYS TRIGGER audit_entries_no_update_or_delete\073
  END';
