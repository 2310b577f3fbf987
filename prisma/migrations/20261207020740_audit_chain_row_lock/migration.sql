-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "last_xid" BIGINT,
    "ordered_from" BIGINT NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- The chain serialises on the row of audit_chain_head instead of an advisory lock. An
-- advisory lock queues writers but does not refresh a REPEATABLE READ (or SERIALIZABLE)
-- transaction's snapshot: such a writer waited for the lock, then read the newest entry
-- of its old snapshot and linked to it, forking the chain for good. A row lock works
-- under every isolation level, because every writing transaction also updates the row
-- (once, with its transaction id): under READ COMMITTED the waiter goes on once its
-- predecessor committed and reads the newest entry afresh, under REPEATABLE READ and
-- SERIALIZABLE a waiter whose snapshot predates that update fails with a serialization
-- error (40001) and the chain stays whole. Holding the lock, the newest entry the writer
-- can see is the chain's head. One update per transaction, not per entry, so a bulk
-- INSERT … SELECT does not pile up versions of the row.
--
-- The database also sets created_at: the later of its own clock and the previous
-- entry's time, so times never go backwards along the chain and the app role cannot
-- backdate an entry. Only the trail's owner (migrations, seeds, tests loading history)
-- keeps a time it sends explicitly, and `npm run audit:verify` flags any entry after
-- ordered_from whose time is earlier than the entry before it.
--
-- SECURITY DEFINER: the trigger locks and updates the row as the owner, so the app role
-- needs no privilege on audit_chain_head beyond reading it (db:roles grants SELECT only)
-- and can neither lock nor update it. session_user (the role that logged in, which SET
-- ROLE does not change) tells the owner from the app.
CREATE OR REPLACE FUNCTION "audit_entries_chain"() RETURNS trigger LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS
  E'DECLARE
    head audit_chain_head\073
    prior_hash text\073
    prior_time timestamptz\073
    xid bigint := pg_catalog.pg_current_xact_id()::text::bigint\073
  BEGIN
    SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE\073
    IF NOT FOUND THEN
      RAISE EXCEPTION ''audit_chain_head has no row, so the audit chain cannot advance'' USING ERRCODE = ''object_not_in_prerequisite_state''\073
    END IF\073
    IF head.last_xid IS DISTINCT FROM xid THEN
      UPDATE audit_chain_head SET last_xid = xid WHERE id = 1\073
    END IF\073
    NEW.id := pg_catalog.nextval(''audit_entries_id_seq''::regclass)\073
    SELECT a.hash, a.created_at INTO prior_hash, prior_time FROM audit_entries a ORDER BY a.id DESC LIMIT 1\073
    IF NEW.created_at IS NULL
       OR NEW.created_at::timestamptz(3) = pg_catalog.transaction_timestamp()::timestamptz(3)
       OR NOT pg_catalog.pg_has_role(pg_catalog.session_user(), (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = ''audit_entries''::regclass), ''MEMBER'') THEN
      NEW.created_at := GREATEST(pg_catalog.date_trunc(''milliseconds'', pg_catalog.clock_timestamp()), prior_time)\073
    END IF\073
    NEW.prev_hash := prior_hash\073
    NEW.hash := audit_entry_hash(prior_hash, NEW)\073
    RETURN NEW\073
  END';

-- Pinned again (CREATE OR REPLACE resets it): a temporary table named audit_entries or
-- audit_chain_head must not stand in for the real one.
DO E'BEGIN
  EXECUTE pg_catalog.format(''ALTER FUNCTION %I.audit_entries_chain() SET search_path = pg_catalog, %I, pg_temp'', pg_catalog.current_schema(), pg_catalog.current_schema())\073
END';

-- Until this row exists every insert fails (the trigger above refuses), never forks.
-- SHARE mode waits for every transaction still inserting with the old trigger to finish.
-- Entries up to here were timed by each transaction's start (now()), which concurrent
-- writers do not commit in order: the time check starts after them.
DO E'BEGIN
  LOCK TABLE audit_entries IN SHARE MODE\073
  INSERT INTO audit_chain_head (id, last_xid, ordered_from)
    SELECT 1, NULL, COALESCE((SELECT a.id FROM audit_entries a ORDER BY a.id DESC LIMIT 1), 0)\073
END';
