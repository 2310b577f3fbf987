-- Brings every stored field version later than now back to now (data only, no schema change).
--
-- A version is "<event time ISO> <event id>" (lib/ingest/envelope.ts), compared as text.
-- Before ingest refused events stamped ahead of the console's clock, one stamped a month
-- or the year 9999 ahead set a field whose version then beat every real event: the field
-- was frozen. Rewinding such a version to the migration's time, keeping the event id,
-- keeps the field's value until the next real event, which is newer and wins again.
-- Versions not ahead of now are left as they are, rows without one are not touched.
-- The first 24 characters of a version are its time (toISOString's fixed width).

UPDATE "accounts" AS r
   SET "source_versions" = (
     SELECT jsonb_object_agg(v.key, CASE
              WHEN jsonb_typeof(v.value) = 'string' AND left(v.value #>> '{}', 24) > n.iso
              THEN to_jsonb(n.iso || substr(v.value #>> '{}', 25))
              ELSE v.value END)
       FROM jsonb_each(r."source_versions") AS v,
            (SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) AS n)
 WHERE jsonb_typeof(r."source_versions") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(r."source_versions") AS v
                WHERE jsonb_typeof(v.value) = 'string'
                  AND left(v.value #>> '{}', 24) > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

UPDATE "sign_ups" AS r
   SET "source_versions" = (
     SELECT jsonb_object_agg(v.key, CASE
              WHEN jsonb_typeof(v.value) = 'string' AND left(v.value #>> '{}', 24) > n.iso
              THEN to_jsonb(n.iso || substr(v.value #>> '{}', 25))
              ELSE v.value END)
       FROM jsonb_each(r."source_versions") AS v,
            (SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) AS n)
 WHERE jsonb_typeof(r."source_versions") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(r."source_versions") AS v
                WHERE jsonb_typeof(v.value) = 'string'
                  AND left(v.value #>> '{}', 24) > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

UPDATE "teammates" AS r
   SET "source_versions" = (
     SELECT jsonb_object_agg(v.key, CASE
              WHEN jsonb_typeof(v.value) = 'string' AND left(v.value #>> '{}', 24) > n.iso
              THEN to_jsonb(n.iso || substr(v.value #>> '{}', 25))
              ELSE v.value END)
       FROM jsonb_each(r."source_versions") AS v,
            (SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) AS n)
 WHERE jsonb_typeof(r."source_versions") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(r."source_versions") AS v
                WHERE jsonb_typeof(v.value) = 'string'
                  AND left(v.value #>> '{}', 24) > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

UPDATE "api_keys" AS r
   SET "source_versions" = (
     SELECT jsonb_object_agg(v.key, CASE
              WHEN jsonb_typeof(v.value) = 'string' AND left(v.value #>> '{}', 24) > n.iso
              THEN to_jsonb(n.iso || substr(v.value #>> '{}', 25))
              ELSE v.value END)
       FROM jsonb_each(r."source_versions") AS v,
            (SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) AS n)
 WHERE jsonb_typeof(r."source_versions") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(r."source_versions") AS v
                WHERE jsonb_typeof(v.value) = 'string'
                  AND left(v.value #>> '{}', 24) > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

UPDATE "password_integrations" AS r
   SET "source_versions" = (
     SELECT jsonb_object_agg(v.key, CASE
              WHEN jsonb_typeof(v.value) = 'string' AND left(v.value #>> '{}', 24) > n.iso
              THEN to_jsonb(n.iso || substr(v.value #>> '{}', 25))
              ELSE v.value END)
       FROM jsonb_each(r."source_versions") AS v,
            (SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) AS n)
 WHERE jsonb_typeof(r."source_versions") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(r."source_versions") AS v
                WHERE jsonb_typeof(v.value) = 'string'
                  AND left(v.value #>> '{}', 24) > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

UPDATE "invoices" AS r
   SET "source_versions" = (
     SELECT jsonb_object_agg(v.key, CASE
              WHEN jsonb_typeof(v.value) = 'string' AND left(v.value #>> '{}', 24) > n.iso
              THEN to_jsonb(n.iso || substr(v.value #>> '{}', 25))
              ELSE v.value END)
       FROM jsonb_each(r."source_versions") AS v,
            (SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) AS n)
 WHERE jsonb_typeof(r."source_versions") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(r."source_versions") AS v
                WHERE jsonb_typeof(v.value) = 'string'
                  AND left(v.value #>> '{}', 24) > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
