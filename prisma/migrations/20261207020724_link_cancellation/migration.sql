-- CreateEnum
CREATE TYPE "link_cancel_reason" AS ENUM ('ACCOUNT_BANNED', 'ACCOUNT_DELETED', 'ACCOUNT_TERMINATED', 'UNIFIED_LOGIN', 'EMAIL_CHANGED', 'SIGNUP_CONFIRMED', 'SIGNUP_EXPIRED');

-- AlterTable
ALTER TABLE "confirmation_tokens" ADD COLUMN     "cancel_reason" "link_cancel_reason",
ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "password_reset_tokens" ADD COLUMN     "cancel_reason" "link_cancel_reason",
ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3);
