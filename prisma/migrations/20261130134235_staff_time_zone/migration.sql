-- Issue 13: each staff member reads every time in a zone they choose, UTC until they do.
-- The server action checks the name against Intl (which zones exist is the runtime's
-- knowledge, not the database's): this check only keeps out what cannot be a zone name
-- at all, so a bad write from elsewhere cannot put markup or a paragraph there.
ALTER TABLE "staff_users" ADD COLUMN "time_zone" TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_time_zone_shape" CHECK ("time_zone" ~ '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$');
