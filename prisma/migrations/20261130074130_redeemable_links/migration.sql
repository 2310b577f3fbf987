-- AlterTable
ALTER TABLE "password_reset_tokens" ADD COLUMN     "used_by_source_id" INTEGER;

-- CreateTable
CREATE TABLE "confirmation_tokens" (
    "id" SERIAL NOT NULL,
    "sign_up_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "superseded_at" TIMESTAMPTZ(3),
    "outbox_id" INTEGER,
    "requested_by_id" TEXT NOT NULL,
    "used_by_source_id" INTEGER,

    CONSTRAINT "confirmation_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "confirmation_tokens_token_hash_key" ON "confirmation_tokens"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "confirmation_tokens_outbox_id_key" ON "confirmation_tokens"("outbox_id");

-- CreateIndex
CREATE INDEX "confirmation_tokens_sign_up_id_created_at_idx" ON "confirmation_tokens"("sign_up_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "confirmation_tokens_requested_by_id_idx" ON "confirmation_tokens"("requested_by_id");

-- CreateIndex
CREATE INDEX "confirmation_tokens_used_by_source_id_idx" ON "confirmation_tokens"("used_by_source_id");

-- CreateIndex
CREATE INDEX "password_reset_tokens_used_by_source_id_idx" ON "password_reset_tokens"("used_by_source_id");

-- AddForeignKey
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_used_by_source_id_fkey" FOREIGN KEY ("used_by_source_id") REFERENCES "event_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "confirmation_tokens" ADD CONSTRAINT "confirmation_tokens_sign_up_id_fkey" FOREIGN KEY ("sign_up_id") REFERENCES "sign_ups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "confirmation_tokens" ADD CONSTRAINT "confirmation_tokens_outbox_id_fkey" FOREIGN KEY ("outbox_id") REFERENCES "email_outbox"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "confirmation_tokens" ADD CONSTRAINT "confirmation_tokens_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "confirmation_tokens" ADD CONSTRAINT "confirmation_tokens_used_by_source_id_fkey" FOREIGN KEY ("used_by_source_id") REFERENCES "event_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;
