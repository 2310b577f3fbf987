-- Partition login_attempts by month on occurred_at (native declarative partitioning).
-- Ingest makes the table grow without end: monthly partitions let retention drop a
-- month as one file (no DELETE, no vacuum debt) and keep every index per month small.
--
-- PostgreSQL requires the partition key in every unique constraint, so the primary key
-- becomes (id, occurred_at). Ids still come from the same sequence (kept, and re-owned
-- by the new column), so existing ids and evidence links keep their meaning.
--
-- The existing table is moved: renamed aside, a partitioned table created under the
-- old name with partitions covering every month its rows fall in (plus three ahead),
-- rows copied, the old table dropped, then keys and indexes built (after the copy:
-- one sorted build per partition beats millions of index insertions).
--
-- Function bodies are E'' strings with \073 for semicolons, like the audit chain
-- migration: the migration runner splits scripts on semicolons it sees.

-- Move the old table and its names aside (index and constraint names are per schema).
ALTER TABLE "login_attempts" RENAME TO "login_attempts_old";
ALTER TABLE "login_attempts_old" RENAME CONSTRAINT "login_attempts_pkey" TO "login_attempts_old_pkey";
ALTER TABLE "login_attempts_old" RENAME CONSTRAINT "login_attempts_account_id_fkey" TO "login_attempts_old_account_id_fkey";
ALTER TABLE "login_attempts_old" RENAME CONSTRAINT "login_attempts_teammate_id_fkey" TO "login_attempts_old_teammate_id_fkey";
ALTER INDEX "login_attempts_account_id_occurred_at_idx" RENAME TO "login_attempts_old_account_id_occurred_at_idx";
ALTER INDEX "login_attempts_failures_idx" RENAME TO "login_attempts_old_failures_idx";
ALTER INDEX "login_attempts_ip_occurred_at_idx" RENAME TO "login_attempts_old_ip_occurred_at_idx";
ALTER INDEX "login_attempts_teammate_id_idx" RENAME TO "login_attempts_old_teammate_id_idx";

-- CreateTable (partitioned)
CREATE TABLE "login_attempts" (
    "id" BIGINT NOT NULL DEFAULT nextval('login_attempts_id_seq'::regclass),
    "account_id" INTEGER,
    "teammate_id" INTEGER,
    "channel" "login_channel" NOT NULL,
    "outcome" "login_outcome" NOT NULL,
    "reason" "login_failure_reason",
    "username_tried" TEXT,
    "api_key_prefix" TEXT,
    "ip" TEXT NOT NULL,
    "user_agent" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL
) PARTITION BY RANGE ("occurred_at");

-- The sequence would go with the old table otherwise: ids continue where they were.
ALTER SEQUENCE "login_attempts_id_seq" OWNED BY "login_attempts"."id";

-- Rows for a month without a partition (a backfill of old history, a sender's clock
-- far ahead) land here instead of failing the insert: upkeep moves them into their
-- month's partition (or drops them past retention), so it normally stays empty.
CREATE TABLE "login_attempts_default" PARTITION OF "login_attempts" DEFAULT;

-- Creates the monthly partitions (login_attempts_pYYYYMM, UTC months) covering
-- [from_ts, to_ts]: returns the names it created. Rows of such a month already in the
-- default partition are moved into the new one before it is attached (ATTACH refuses
-- while the default holds rows of its range). Idempotent: concurrent callers queue on
-- one transaction-scoped advisory lock. SECURITY DEFINER: creating a partition needs
-- the table's owner, and the app role (npm run db:roles) owns nothing: it only gets
-- EXECUTE on these two functions. Built as LIKE + ATTACH rather than CREATE TABLE
-- PARTITION OF: ATTACH takes a weaker lock on login_attempts, so ingest and reads go on.
CREATE FUNCTION "login_attempts_create_partitions"(from_ts timestamptz, to_ts timestamptz) RETURNS text[]
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS
  E'DECLARE
  m timestamp\073
  hi timestamp\073
  last_month timestamp\073
  part text\073
  made text[] := ARRAY[]::text[]\073
  sch text\073
BEGIN
  IF from_ts IS NULL OR to_ts IS NULL OR to_ts < from_ts THEN
    RAISE EXCEPTION ''login_attempts_create_partitions: need from_ts <= to_ts''\073
  END IF\073
  IF to_ts - from_ts > interval ''20 years'' THEN
    RAISE EXCEPTION ''login_attempts_create_partitions: a range over 20 years is a mistake''\073
  END IF\073
  PERFORM pg_catalog.pg_advisory_xact_lock(7618240532981)\073
  -- The search_path is pinned with pg_catalog first, so names are schema-qualified.
  SELECT n.nspname::text INTO sch FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ''login_attempts''::regclass\073
  m := date_trunc(''month'', from_ts AT TIME ZONE ''UTC'')\073
  last_month := date_trunc(''month'', to_ts AT TIME ZONE ''UTC'')\073
  WHILE m <= last_month LOOP
    hi := m + interval ''1 month''\073
    part := ''login_attempts_p'' || to_char(m, ''YYYYMM'')\073
    IF to_regclass(format(''%I.%I'', sch, part)) IS NULL THEN
      EXECUTE format(''CREATE TABLE %I.%I (LIKE %I.login_attempts INCLUDING DEFAULTS)'', sch, part, sch)\073
      IF to_regclass(''login_attempts_default'') IS NOT NULL THEN
        EXECUTE format(
          ''WITH moved AS (DELETE FROM %I.login_attempts_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *) INSERT INTO %I.%I SELECT * FROM moved'',
          sch, m AT TIME ZONE ''UTC'', hi AT TIME ZONE ''UTC'', sch, part)\073
      END IF\073
      EXECUTE format(''ALTER TABLE %I.login_attempts ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)'', sch, sch, part, m AT TIME ZONE ''UTC'', hi AT TIME ZONE ''UTC'')\073
      made := made || part\073
    END IF\073
    m := hi\073
  END LOOP\073
  RETURN made\073
END';

-- Partition upkeep (run by the worker at start and hourly): drops the monthly
-- partitions that lie wholly before at_ts - retention_days, deletes default-partition
-- rows older than that, creates the partitions from at_ts's month to months_ahead
-- months later, and gives each month that has rows in the default partition (up to
-- that horizon) its own partition. Returns what it created, dropped and purged.
CREATE FUNCTION "login_attempts_maintain"(at_ts timestamptz, months_ahead integer, retention_days integer)
  RETURNS TABLE (created_partitions text[], dropped_partitions text[], purged_rows bigint)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS
  E'DECLARE
  cutoff timestamptz\073
  r record\073
  part_end timestamptz\073
  dropped text[] := ARRAY[]::text[]\073
  made text[]\073
  stray_months timestamptz[]\073
  purged bigint := 0\073
  s timestamptz\073
  sch text\073
BEGIN
  IF at_ts IS NULL OR months_ahead IS NULL OR retention_days IS NULL THEN
    RAISE EXCEPTION ''login_attempts_maintain: arguments must not be null''\073
  END IF\073
  IF months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION ''login_attempts_maintain: months_ahead must be between 0 and 24''\073
  END IF\073
  IF retention_days < 1 OR retention_days > 36500 THEN
    RAISE EXCEPTION ''login_attempts_maintain: retention_days must be between 1 and 36500''\073
  END IF\073
  PERFORM pg_catalog.pg_advisory_xact_lock(7618240532981)\073
  cutoff := at_ts - make_interval(days => retention_days)\073
  SELECT n.nspname::text INTO sch FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ''login_attempts''::regclass\073

  FOR r IN
    SELECT c.relname::text AS name
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = ''login_attempts''::regclass AND c.relname ~ ''^login_attempts_p[0-9]{6}$''
     ORDER BY c.relname
  LOOP
    part_end := (to_date(substr(r.name, 17), ''YYYYMM'')::timestamp + interval ''1 month'') AT TIME ZONE ''UTC''\073
    IF part_end <= cutoff THEN
      EXECUTE format(''ALTER TABLE %I.login_attempts DETACH PARTITION %I.%I'', sch, sch, r.name)\073
      EXECUTE format(''DROP TABLE %I.%I'', sch, r.name)\073
      dropped := dropped || r.name\073
    END IF\073
  END LOOP\073

  IF to_regclass(''login_attempts_default'') IS NOT NULL THEN
    DELETE FROM login_attempts_default WHERE occurred_at < cutoff\073
    GET DIAGNOSTICS purged = ROW_COUNT\073
    SELECT coalesce(array_agg(DISTINCT (date_trunc(''month'', occurred_at AT TIME ZONE ''UTC'') AT TIME ZONE ''UTC'')), ARRAY[]::timestamptz[])
      INTO stray_months
      FROM login_attempts_default
     WHERE occurred_at < (date_trunc(''month'', at_ts AT TIME ZONE ''UTC'') + make_interval(months => months_ahead + 1)) AT TIME ZONE ''UTC''\073
  ELSE
    stray_months := ARRAY[]::timestamptz[]\073
  END IF\073

  made := login_attempts_create_partitions(date_trunc(''month'', at_ts AT TIME ZONE ''UTC'') AT TIME ZONE ''UTC'', (date_trunc(''month'', at_ts AT TIME ZONE ''UTC'') + make_interval(months => months_ahead)) AT TIME ZONE ''UTC'')\073
  FOREACH s IN ARRAY stray_months LOOP
    made := made || login_attempts_create_partitions(s, s)\073
  END LOOP\073

  RETURN QUERY SELECT made, dropped, purged\073
END';

-- Pinned search_path: a SECURITY DEFINER function must not resolve login_attempts (or
-- format) through a schema or temporary table the caller controls.
DO E'BEGIN
  EXECUTE pg_catalog.format(''ALTER FUNCTION %I.login_attempts_create_partitions(timestamptz, timestamptz) SET search_path = pg_catalog, %I, pg_temp'', pg_catalog.current_schema(), pg_catalog.current_schema())\073
  EXECUTE pg_catalog.format(''ALTER FUNCTION %I.login_attempts_maintain(timestamptz, integer, integer) SET search_path = pg_catalog, %I, pg_temp'', pg_catalog.current_schema(), pg_catalog.current_schema())\073
END';

-- Only the owner and the roles it grants (db:roles grants the app role) may run them.
REVOKE EXECUTE ON FUNCTION "login_attempts_create_partitions"(timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "login_attempts_maintain"(timestamptz, integer, integer) FROM PUBLIC;

-- Partitions for every month the existing rows fall in, and three months ahead.
SELECT "login_attempts_create_partitions"(
  LEAST(COALESCE((SELECT min("occurred_at") FROM "login_attempts_old"), now()), now()),
  GREATEST(COALESCE((SELECT max("occurred_at") FROM "login_attempts_old"), now()), now() + interval '3 months'));

INSERT INTO "login_attempts" SELECT * FROM "login_attempts_old";

DROP TABLE "login_attempts_old";

-- Keys and indexes on the parent: PostgreSQL builds them on every partition, and on
-- every partition created or attached later.
ALTER TABLE "login_attempts" ADD CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id", "occurred_at");

-- CreateIndex
CREATE INDEX "login_attempts_account_id_occurred_at_idx" ON "login_attempts"("account_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "login_attempts_failures_idx" ON "login_attempts"("account_id", "occurred_at") WHERE (outcome = 'FAILURE');

-- CreateIndex
CREATE INDEX "login_attempts_ip_occurred_at_idx" ON "login_attempts"("ip", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "login_attempts_teammate_id_idx" ON "login_attempts"("teammate_id");

-- CreateIndex: Watch live polls an account's attempts in insertion (id) order, not
-- event time: a late attempt carries an old occurred_at but a new id.
CREATE INDEX "login_attempts_account_id_id_idx" ON "login_attempts"("account_id", "id");

-- AddForeignKey
ALTER TABLE "login_attempts" ADD CONSTRAINT "login_attempts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_attempts" ADD CONSTRAINT "login_attempts_teammate_id_fkey" FOREIGN KEY ("teammate_id") REFERENCES "teammates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ANALYZE "login_attempts";
