-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "created_by_id" TEXT;

-- CreateTable
CREATE TABLE "staff_sign_in_failures" (
    "id" BIGSERIAL NOT NULL,
    "email_lower" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_sign_in_failures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "staff_sign_in_failures_email_lower_occurred_at_idx" ON "staff_sign_in_failures"("email_lower", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "staff_sign_in_failures_ip_occurred_at_idx" ON "staff_sign_in_failures"("ip", "occurred_at" DESC);

-- AddForeignKey
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
