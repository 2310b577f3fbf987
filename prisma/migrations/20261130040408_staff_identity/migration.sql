-- Staff identity is matched exactly on a lower-cased copy of the email (never a
-- case-insensitive pattern: ILIKE treats `_` and `%` in the typed value as wildcards),
-- single sign-on binds the identity provider's subject, and sign-in failures remember
-- which staff user they were against so the lockout also counts per user.

-- AlterTable
ALTER TABLE "staff_sign_in_failures" ADD COLUMN     "staff_id" TEXT;

-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "email_lower" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sso_subject" TEXT;

-- email_lower is always lower(email), whatever the writer sent: a trigger keeps it, so
-- no code path (seed, import, psql) can leave a row that sign-in would not find or that
-- two differently cased emails could share. (The '' default only satisfies NOT NULL
-- until the trigger replaces it.)
CREATE FUNCTION "staff_users_email_lower"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN NEW.email_lower := lower(NEW.email)\073 RETURN NEW\073 END';

CREATE TRIGGER "staff_users_keep_email_lower"
  BEFORE INSERT OR UPDATE OF "email", "email_lower" ON "staff_users"
  FOR EACH ROW EXECUTE FUNCTION "staff_users_email_lower"();

-- Backfill. Two existing users whose emails differ only in case make the unique index
-- below fail: that is deliberate (one of them must be renamed by hand first), because
-- sign-in could not tell them apart.
UPDATE "staff_users" SET "email_lower" = lower("email");

-- CreateIndex
CREATE INDEX "staff_sign_in_failures_staff_id_occurred_at_idx" ON "staff_sign_in_failures"("staff_id", "occurred_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_lower_key" ON "staff_users"("email_lower");

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_sso_subject_key" ON "staff_users"("sso_subject");
