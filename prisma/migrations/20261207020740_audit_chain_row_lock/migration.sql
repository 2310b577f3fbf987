-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "last_id" BIGINT,
    "last_hash" TEXT,
    "last_created_at" TIMESTAMPTZ(3),
    "ordered_from" BIGINT NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- The chain serialises on the head row instead of an advisory lock. An advisory lock
-- queues writers but does not refresh a REPEATABLE READ (or SERIALIZABLE) transaction's
-- snapshot: such a writer waited for the lock, then read the newest entry of its old
-- snapshot and linked to it, forking the chain for good. SELECT … FOR UPDATE on one row
-- works under every isolation level: under READ COMMITTED the waiter reads the row as
-- its predecessor committed it, under REPEATABLE READ and SERIALIZABLE a waiter whose
-- snapshot is stale fails with a serialization error (40001) and the chain stays whole.
--
-- The database also sets created_at: the later of its own clock and the previous
-- entry's time, so times never go backwards along the chain and the app role cannot
-- backdate an entry. Only the trail's owner (migrations, seeds, tests loading history)
-- keeps a time it sends explicitly, and `npm run audit:verify` flags any entry after
-- ordered_from whose time is earlier than the entry before it.
--
-- SECURITY DEFINER: the trigger locks and moves the head as the owner, so the app role
-- needs no privilege on audit_chain_head beyond reading it (db:roles grants SELECT only)
-- and cannot lock it, move it or hold it. session_user (the role that logged in, which
-- SET ROLE does not change) tells the owner from the app.
CREATE OR REPLACE FUNCTION "audit_entries_chain"() RETURNS trigger LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS
  E'DECLARE
    head audit_chain_head\073
  BEGIN
    SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE\073
    IF NOT FOUND THEN
      RAISE EXCEPTION ''audit_chain_head has no row, so the audit chain cannot advance'' USING ERRCODE = ''object_not_in_prerequisite_state''\073
    END IF\073
    NEW.id := pg_catalog.nextval(''audit_entries_id_seq''::regclass)\073
    IF NEW.created_at IS NULL
       OR NEW.created_at::timestamptz(3) = pg_catalog.transaction_timestamp()::timestamptz(3)
       OR NOT pg_catalog.pg_has_role(pg_catalog.session_user(), (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = ''audit_entries''::regclass), ''MEMBER'') THEN
      NEW.created_at := GREATEST(pg_catalog.date_trunc(''milliseconds'', pg_catalog.clock_timestamp()), head.last_created_at)\073
    END IF\073
    NEW.prev_hash := head.last_hash\073
    NEW.hash := audit_entry_hash(head.last_hash, NEW)\073
    UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash, last_created_at = GREATEST(NEW.created_at, head.last_created_at) WHERE id = 1\073
    RETURN NEW\073
  END';

-- Pinned again (CREATE OR REPLACE resets it): a temporary table named audit_entries or
-- audit_chain_head must not stand in for the real one.
DO E'BEGIN
  EXECUTE pg_catalog.format(''ALTER FUNCTION %I.audit_entries_chain() SET search_path = pg_catalog, %I, pg_temp'', pg_catalog.current_schema(), pg_catalog.current_schema())\073
END';

-- The head starts at the newest entry. SHARE mode waits for every transaction still
-- inserting with the old trigger to finish, and keeps new ones out while the head is
-- read. Entries up to here were timed by each transaction's start (now()), which
-- concurrent writers do not commit in order: the time check starts after them.
DO E'BEGIN
  LOCK TABLE audit_entries IN SHARE MODE\073
  INSERT INTO audit_chain_head (id, last_id, last_hash, last_created_at, ordered_from)
    SELECT 1, h.id, h.hash, (SELECT pg_catalog.max(a.created_at) FROM audit_entries a), COALESCE(h.id, 0)
      FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT a.id, a.hash FROM audit_entries a ORDER BY a.id DESC LIMIT 1) h ON true\073
END';
