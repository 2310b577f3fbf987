-- CreateTable
CREATE TABLE "account_flag_facts" (
    "account_id" INTEGER NOT NULL,
    "full_access" INTEGER NOT NULL DEFAULT 0,
    "live_teammates" INTEGER NOT NULL DEFAULT 0,
    "password_integrations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "account_flag_facts_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "teammate_flag_facts" (
    "teammate_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "change_then_failures_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teammate_flag_facts_pkey" PRIMARY KEY ("teammate_id")
);

-- CreateTable
CREATE TABLE "flag_fact_rechecks" (
    "credential_change_id" INTEGER NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flag_fact_rechecks_pkey" PRIMARY KEY ("credential_change_id")
);

-- CreateTable
CREATE TABLE "overview_counts" (
    "name" TEXT NOT NULL,
    "shard" INTEGER NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "overview_counts_pkey" PRIMARY KEY ("name","shard")
);

-- CreateIndex
CREATE INDEX "account_flag_facts_several_admins_idx" ON "account_flag_facts"("account_id") WHERE (full_access >= 2);

-- CreateIndex
CREATE INDEX "account_flag_facts_shared_login_idx" ON "account_flag_facts"("account_id") WHERE (live_teammates = 1 AND password_integrations > 0);

-- CreateIndex
CREATE INDEX "teammate_flag_facts_account_id_teammate_id_idx" ON "teammate_flag_facts"("account_id", "teammate_id");

-- CreateIndex
CREATE INDEX "teammate_flag_facts_change_then_failures_at_idx" ON "teammate_flag_facts"("change_then_failures_at");

-- CreateIndex
CREATE INDEX "flag_fact_rechecks_queued_at_idx" ON "flag_fact_rechecks"("queued_at");

-- ------------------------------------------------------------------ why triggers
-- The permissions audit's flags and the search home's counts used to be computed per
-- request from the large tables (the "Change -> failed logins" filter walked every
-- teammate and probed their credential changes and the failed logins after them: 2 s on a
-- million accounts). The facts they need now live in the tables above, and triggers keep
-- them current in the same transaction as the row that moves them, whoever writes it:
-- the ingest path, the demo seed and the test factories (Prisma), a backfill, or a
-- hand-written fix. Maintaining them in the TypeScript write paths instead would be
-- exactly as fast but silently wrong for every writer that forgets, and a summary that
-- is wrong without anyone noticing is worse than a slow page.
--
-- What each fact costs the write that moves it:
--   - teammates, password integrations: one upsert of the account's facts row, only when
--     the level, the account, deleted_at or removed_at change (the trigger's WHEN
--     clause skips last-login updates, which are the frequent ones).
--   - accounts, sign-ups: one upsert of a counter shard, only when the row is inserted
--     or deleted or its status (for a sign-up: whether it is confirmed) changes.
--   - credential changes (rare): one probe of the failed logins after the change through
--     the partial index login_attempts_failures_idx.
--   - login attempts (the hot path, thousands per second): ONE statement per INSERT
--     statement, not per row. A statement-level trigger reads the inserted rows from a
--     transition table and probes the credential changes of the accounts that failed
--     in the batch (credential_changes (account_id, occurred_at)), so a batch of 1,000
--     attempts costs one extra query, and a batch without failures almost nothing.
--
-- The bulk scale seed skips triggers (session_replication_role = replica) and calls
-- flag_facts_rebuild() and overview_counts_rebuild() once at the end, and this migration
-- calls them to backfill existing data. `npm run flags:verify` compares every fact with
-- a recomputation from scratch (the *_expected() functions below) and reports drift.
--
-- adapter-pg runs a migration by splitting it at every semicolon, so every function body
-- below is an E-string whose semicolons are written as the octal escape \073, and no
-- comment contains a semicolon.

-- The "within 7 days" of "Change -> failed logins" (FAILURES_WINDOW_DAYS in
-- lib/data/audit/permissions/flags.ts: a test checks that the two agree).
CREATE FUNCTION "flag_failures_window"() RETURNS interval LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  E'SELECT interval ''7 days''';

-- Changes that can lock someone else out (creating an API key cannot).
CREATE FUNCTION "flag_is_locking_change"(kind "credential_kind") RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  E'SELECT kind IN (''PASSWORD'', ''USERNAME'', ''EMAIL'', ''API_KEY_REVOKED'')';

-- ------------------------------------------------------------------ from scratch
-- What each summary must hold, computed from the source tables alone: the definition
-- the verifier, the rebuild and the backfill share.

CREATE FUNCTION "account_flag_facts_expected"()
  RETURNS TABLE (account_id integer, full_access integer, live_teammates integer, password_integrations integer)
  LANGUAGE sql STABLE AS
  E'SELECT coalesce(tm.account_id, pi.account_id), coalesce(tm.full_access, 0), coalesce(tm.live, 0), coalesce(pi.live, 0)
      FROM (SELECT x.account_id, (count(*) FILTER (WHERE x.level IN (''OWNER'', ''ADMIN'')))::int AS full_access, count(*)::int AS live
              FROM teammates x WHERE x.deleted_at IS NULL GROUP BY x.account_id) tm
      FULL JOIN (SELECT i.account_id, count(*)::int AS live
                   FROM password_integrations i WHERE i.removed_at IS NULL GROUP BY i.account_id) pi
        ON pi.account_id = tm.account_id';

CREATE FUNCTION "teammate_flag_facts_expected"()
  RETURNS TABLE (teammate_id integer, account_id integer, change_then_failures_at timestamptz)
  LANGUAGE sql STABLE AS
  E'SELECT t.id, t.account_id, max(cc.occurred_at)
      FROM credential_changes cc
      JOIN teammates t ON t.id = cc.teammate_id
     WHERE flag_is_locking_change(cc.kind)
       AND EXISTS (SELECT 1 FROM login_attempts la
                    WHERE la.account_id = cc.account_id AND la.outcome = ''FAILURE''
                      AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + flag_failures_window())
     GROUP BY t.id, t.account_id';

CREATE FUNCTION "overview_counts_expected"() RETURNS TABLE (name text, n bigint) LANGUAGE sql STABLE AS
  E'SELECT ''accounts'', count(*) FROM accounts
    UNION ALL SELECT ''accounts_banned'', count(*) FROM accounts WHERE status = ''BANNED''
    UNION ALL SELECT ''accounts_terminated'', count(*) FROM accounts WHERE status = ''TERMINATED''
    UNION ALL SELECT ''sign_ups_pending'', count(*) FROM sign_ups WHERE confirmed_at IS NULL';

-- Replaces every row with the recomputation (the backfill, the scale seed's last step).
-- Not for a database being written to: a concurrent change's delta could be lost.
CREATE FUNCTION "flag_facts_rebuild"() RETURNS bigint LANGUAGE plpgsql AS
  E'DECLARE
  n_accounts bigint\073
  n_flagged bigint\073
BEGIN
  DELETE FROM account_flag_facts\073
  INSERT INTO account_flag_facts (account_id, full_access, live_teammates, password_integrations)
    SELECT e.account_id, e.full_access, e.live_teammates, e.password_integrations FROM account_flag_facts_expected() e\073
  GET DIAGNOSTICS n_accounts = ROW_COUNT\073
  DELETE FROM teammate_flag_facts\073
  INSERT INTO teammate_flag_facts (teammate_id, account_id, change_then_failures_at)
    SELECT e.teammate_id, e.account_id, e.change_then_failures_at FROM teammate_flag_facts_expected() e\073
  GET DIAGNOSTICS n_flagged = ROW_COUNT\073
  DELETE FROM flag_fact_rechecks\073
  RETURN n_accounts + n_flagged\073
END';

CREATE FUNCTION "overview_counts_rebuild"() RETURNS bigint LANGUAGE plpgsql AS
  E'DECLARE
  made bigint\073
BEGIN
  DELETE FROM overview_counts\073
  INSERT INTO overview_counts (name, shard, n) SELECT e.name, 0, e.n FROM overview_counts_expected() e\073
  GET DIAGNOSTICS made = ROW_COUNT\073
  RETURN made\073
END';

-- Recomputes "Change -> failed logins" for these teammates exactly (a credential change
-- edited or deleted, the worker's re-check, evidence past retention).
CREATE FUNCTION "teammate_flag_facts_refresh"(ids integer[]) RETURNS bigint LANGUAGE plpgsql AS
  E'DECLARE
  kept bigint\073
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN 0\073
  END IF\073
  DELETE FROM teammate_flag_facts WHERE teammate_id = ANY(ids)\073
  INSERT INTO teammate_flag_facts AS f (teammate_id, account_id, change_then_failures_at)
  SELECT t.id, t.account_id, max(cc.occurred_at)
    FROM credential_changes cc
    JOIN teammates t ON t.id = cc.teammate_id
   WHERE cc.teammate_id = ANY(ids) AND flag_is_locking_change(cc.kind)
     AND EXISTS (SELECT 1 FROM login_attempts la
                  WHERE la.account_id = cc.account_id AND la.outcome = ''FAILURE''
                    AND la.occurred_at > cc.occurred_at AND la.occurred_at <= cc.occurred_at + flag_failures_window())
   GROUP BY t.id, t.account_id
  ON CONFLICT (teammate_id) DO UPDATE SET account_id = EXCLUDED.account_id, change_then_failures_at = EXCLUDED.change_then_failures_at\073
  GET DIAGNOSTICS kept = ROW_COUNT\073
  RETURN kept\073
END';

-- ------------------------------------------------------------------ account facts

CREATE FUNCTION "account_flag_facts_add"(acct integer, d_full integer, d_live integer, d_integrations integer) RETURNS void LANGUAGE sql AS
  E'INSERT INTO account_flag_facts AS f (account_id, full_access, live_teammates, password_integrations)
    VALUES (acct, d_full, d_live, d_integrations)
    ON CONFLICT (account_id) DO UPDATE SET full_access = f.full_access + EXCLUDED.full_access,
      live_teammates = f.live_teammates + EXCLUDED.live_teammates,
      password_integrations = f.password_integrations + EXCLUDED.password_integrations';

-- A teammate counts while deleted_at is null, as owner or admin by its level. An update
-- takes the old row out and puts the new one in (one upsert when the account is the same).
CREATE FUNCTION "teammates_flag_facts"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE
  old_full integer := 0\073
  old_live integer := 0\073
  new_full integer := 0\073
  new_live integer := 0\073
BEGIN
  IF TG_OP <> ''INSERT'' AND OLD.deleted_at IS NULL THEN
    old_live := 1\073
    old_full := CASE WHEN OLD.level IN (''OWNER'', ''ADMIN'') THEN 1 ELSE 0 END\073
  END IF\073
  IF TG_OP <> ''DELETE'' AND NEW.deleted_at IS NULL THEN
    new_live := 1\073
    new_full := CASE WHEN NEW.level IN (''OWNER'', ''ADMIN'') THEN 1 ELSE 0 END\073
  END IF\073
  IF TG_OP = ''UPDATE'' AND OLD.account_id = NEW.account_id THEN
    IF new_full <> old_full OR new_live <> old_live THEN
      PERFORM account_flag_facts_add(NEW.account_id, new_full - old_full, new_live - old_live, 0)\073
    END IF\073
    RETURN NULL\073
  END IF\073
  IF old_live = 1 THEN
    PERFORM account_flag_facts_add(OLD.account_id, -old_full, -1, 0)\073
  END IF\073
  IF new_live = 1 THEN
    PERFORM account_flag_facts_add(NEW.account_id, new_full, 1, 0)\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "teammates_flag_facts_insert" AFTER INSERT ON "teammates" FOR EACH ROW EXECUTE FUNCTION "teammates_flag_facts"();
CREATE TRIGGER "teammates_flag_facts_delete" AFTER DELETE ON "teammates" FOR EACH ROW EXECUTE FUNCTION "teammates_flag_facts"();
CREATE TRIGGER "teammates_flag_facts_update" AFTER UPDATE OF "account_id", "level", "deleted_at" ON "teammates" FOR EACH ROW
  WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.level IS DISTINCT FROM NEW.level OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION "teammates_flag_facts"();

-- An integration counts while removed_at is null.
CREATE FUNCTION "password_integrations_flag_facts"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
  IF TG_OP <> ''INSERT'' AND OLD.removed_at IS NULL THEN
    PERFORM account_flag_facts_add(OLD.account_id, 0, 0, -1)\073
  END IF\073
  IF TG_OP <> ''DELETE'' AND NEW.removed_at IS NULL THEN
    PERFORM account_flag_facts_add(NEW.account_id, 0, 0, 1)\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "password_integrations_flag_facts_insert" AFTER INSERT ON "password_integrations" FOR EACH ROW
  EXECUTE FUNCTION "password_integrations_flag_facts"();
CREATE TRIGGER "password_integrations_flag_facts_delete" AFTER DELETE ON "password_integrations" FOR EACH ROW
  EXECUTE FUNCTION "password_integrations_flag_facts"();
CREATE TRIGGER "password_integrations_flag_facts_update" AFTER UPDATE OF "account_id", "removed_at" ON "password_integrations" FOR EACH ROW
  WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
  EXECUTE FUNCTION "password_integrations_flag_facts"();

-- ------------------------------------------------------------------ change then failures
-- The fact is "a locking change by this teammate at T, and a failed login on the account
-- in (T, T + 7 days]". Either half may arrive second (events arrive out of order, a
-- backfill sends old changes late), so both ends set it:
--   - a new credential change looks for failures already recorded after it,
--   - new failed logins look for changes already recorded in the 7 days before them.
-- Two transactions committing the two halves at the same moment cannot see each other:
-- each locking change is therefore queued in flag_fact_rechecks, and the worker
-- recomputes its teammate a minute later (flag_facts_upkeep), when both have committed.

CREATE FUNCTION "credential_changes_flag_facts"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
  IF TG_OP = ''INSERT'' THEN
    IF NEW.teammate_id IS NOT NULL AND flag_is_locking_change(NEW.kind) THEN
      INSERT INTO teammate_flag_facts AS f (teammate_id, account_id, change_then_failures_at)
      SELECT t.id, t.account_id, NEW.occurred_at
        FROM teammates t
       WHERE t.id = NEW.teammate_id
         AND EXISTS (SELECT 1 FROM login_attempts la
                      WHERE la.account_id = NEW.account_id AND la.outcome = ''FAILURE''
                        AND la.occurred_at > NEW.occurred_at AND la.occurred_at <= NEW.occurred_at + flag_failures_window())
      ON CONFLICT (teammate_id) DO UPDATE SET change_then_failures_at = EXCLUDED.change_then_failures_at
       WHERE f.change_then_failures_at < EXCLUDED.change_then_failures_at\073
      INSERT INTO flag_fact_rechecks (credential_change_id) VALUES (NEW.id) ON CONFLICT DO NOTHING\073
    END IF\073
  ELSIF TG_OP = ''UPDATE'' THEN
    PERFORM teammate_flag_facts_refresh(array_remove(ARRAY[OLD.teammate_id, NEW.teammate_id], NULL))\073
  ELSE
    PERFORM teammate_flag_facts_refresh(array_remove(ARRAY[OLD.teammate_id], NULL))\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "credential_changes_flag_facts_insert" AFTER INSERT ON "credential_changes" FOR EACH ROW
  EXECUTE FUNCTION "credential_changes_flag_facts"();
CREATE TRIGGER "credential_changes_flag_facts_delete" AFTER DELETE ON "credential_changes" FOR EACH ROW
  EXECUTE FUNCTION "credential_changes_flag_facts"();
CREATE TRIGGER "credential_changes_flag_facts_update" AFTER UPDATE OF "account_id", "kind", "teammate_id", "occurred_at" ON "credential_changes" FOR EACH ROW
  EXECUTE FUNCTION "credential_changes_flag_facts"();

-- Once per INSERT statement on login_attempts (a partitioned table: statement triggers
-- with transition tables are fired on the parent, with the rows of every partition).
-- Rows that partition upkeep moves out of the default partition are inserted into the
-- partition itself and do not fire this: they are not new attempts.
CREATE FUNCTION "login_attempts_flag_facts"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
  INSERT INTO teammate_flag_facts AS f (teammate_id, account_id, change_then_failures_at)
  SELECT t.id, t.account_id, max(cc.occurred_at)
    FROM (SELECT n.account_id, min(n.occurred_at) AS first_at, max(n.occurred_at) AS last_at
            FROM inserted_attempts n
           WHERE n.outcome = ''FAILURE'' AND n.account_id IS NOT NULL
           GROUP BY n.account_id) failed
    JOIN credential_changes cc
      ON cc.account_id = failed.account_id
     AND cc.occurred_at >= failed.first_at - flag_failures_window() AND cc.occurred_at < failed.last_at
    JOIN teammates t ON t.id = cc.teammate_id
   WHERE flag_is_locking_change(cc.kind)
     AND EXISTS (SELECT 1 FROM inserted_attempts n
                  WHERE n.account_id = cc.account_id AND n.outcome = ''FAILURE''
                    AND n.occurred_at > cc.occurred_at AND n.occurred_at <= cc.occurred_at + flag_failures_window())
   GROUP BY t.id, t.account_id
  ON CONFLICT (teammate_id) DO UPDATE SET change_then_failures_at = EXCLUDED.change_then_failures_at
   WHERE f.change_then_failures_at < EXCLUDED.change_then_failures_at\073
  RETURN NULL\073
END';

CREATE TRIGGER "login_attempts_flag_facts" AFTER INSERT ON "login_attempts" REFERENCING NEW TABLE AS inserted_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION "login_attempts_flag_facts"();

-- The worker's part, every minute: recompute the teammates of the changes queued more
-- than recheck_after ago (the race above), and of the flags whose newest change is
-- older than evidence_from (retention drops a month of login attempts at a time,
-- and a flag whose failed logins are gone must go too). Returns how many teammates each
-- part looked at.
CREATE FUNCTION "flag_facts_upkeep"(recheck_after interval, evidence_from timestamptz)
  RETURNS TABLE (rechecked integer, refreshed integer) LANGUAGE plpgsql AS
  E'DECLARE
  due integer[]\073
  aged integer[]\073
BEGIN
  WITH taken AS (DELETE FROM flag_fact_rechecks WHERE queued_at < now() - recheck_after RETURNING credential_change_id)
  SELECT coalesce(array_agg(DISTINCT cc.teammate_id), ARRAY[]::integer[]) INTO due
    FROM taken JOIN credential_changes cc ON cc.id = taken.credential_change_id
   WHERE cc.teammate_id IS NOT NULL\073
  PERFORM teammate_flag_facts_refresh(due)\073
  aged := ARRAY[]::integer[]\073
  IF evidence_from IS NOT NULL THEN
    SELECT coalesce(array_agg(f.teammate_id), ARRAY[]::integer[]) INTO aged
      FROM teammate_flag_facts f WHERE f.change_then_failures_at < evidence_from\073
    PERFORM teammate_flag_facts_refresh(aged)\073
  END IF\073
  rechecked := cardinality(due)\073
  refreshed := cardinality(aged)\073
  RETURN NEXT\073
END';

-- ------------------------------------------------------------------ home page counts

CREATE FUNCTION "overview_counts_add"(counter text, delta bigint) RETURNS void LANGUAGE sql AS
  E'INSERT INTO overview_counts AS c (name, shard, n) VALUES (counter, pg_backend_pid() % 16, delta)
    ON CONFLICT (name, shard) DO UPDATE SET n = c.n + EXCLUDED.n';

CREATE FUNCTION "accounts_overview_counts"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
  IF TG_OP = ''DELETE'' THEN
    PERFORM overview_counts_add(''accounts'', -1)\073
  ELSIF TG_OP = ''INSERT'' THEN
    PERFORM overview_counts_add(''accounts'', 1)\073
  END IF\073
  IF TG_OP <> ''INSERT'' AND OLD.status IN (''BANNED'', ''TERMINATED'') THEN
    PERFORM overview_counts_add(''accounts_'' || lower(OLD.status::text), -1)\073
  END IF\073
  IF TG_OP <> ''DELETE'' AND NEW.status IN (''BANNED'', ''TERMINATED'') THEN
    PERFORM overview_counts_add(''accounts_'' || lower(NEW.status::text), 1)\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "accounts_overview_counts_insert" AFTER INSERT ON "accounts" FOR EACH ROW EXECUTE FUNCTION "accounts_overview_counts"();
CREATE TRIGGER "accounts_overview_counts_delete" AFTER DELETE ON "accounts" FOR EACH ROW EXECUTE FUNCTION "accounts_overview_counts"();
CREATE TRIGGER "accounts_overview_counts_update" AFTER UPDATE OF "status" ON "accounts" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION "accounts_overview_counts"();

CREATE FUNCTION "sign_ups_overview_counts"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
  IF TG_OP <> ''INSERT'' AND OLD.confirmed_at IS NULL THEN
    PERFORM overview_counts_add(''sign_ups_pending'', -1)\073
  END IF\073
  IF TG_OP <> ''DELETE'' AND NEW.confirmed_at IS NULL THEN
    PERFORM overview_counts_add(''sign_ups_pending'', 1)\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "sign_ups_overview_counts_insert" AFTER INSERT ON "sign_ups" FOR EACH ROW EXECUTE FUNCTION "sign_ups_overview_counts"();
CREATE TRIGGER "sign_ups_overview_counts_delete" AFTER DELETE ON "sign_ups" FOR EACH ROW EXECUTE FUNCTION "sign_ups_overview_counts"();
CREATE TRIGGER "sign_ups_overview_counts_update" AFTER UPDATE OF "confirmed_at" ON "sign_ups" FOR EACH ROW
  WHEN ((OLD.confirmed_at IS NULL) <> (NEW.confirmed_at IS NULL)) EXECUTE FUNCTION "sign_ups_overview_counts"();

-- ------------------------------------------------------------------ backfill
SELECT flag_facts_rebuild();
SELECT overview_counts_rebuild();
ANALYZE account_flag_facts, teammate_flag_facts, overview_counts;
