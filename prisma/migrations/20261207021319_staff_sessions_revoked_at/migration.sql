-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "sessions_revoked_at" TIMESTAMPTZ(3);
