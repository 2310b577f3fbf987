-- CreateTable
CREATE TABLE "event_sources" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "previous_token_hash" TEXT,
    "previous_token_prefix" TEXT,
    "previous_token_expires_at" TIMESTAMPTZ(3),
    "scopes" TEXT[] DEFAULT ARRAY['ingest']::TEXT[],
    "allowed_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT,
    "rotated_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "max_events_per_second" INTEGER NOT NULL DEFAULT 20000,
    "events_accepted" BIGINT NOT NULL DEFAULT 0,
    "events_duplicate" BIGINT NOT NULL DEFAULT 0,
    "events_rejected" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "event_sources_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "event_sources_name_key" ON "event_sources"("name");

-- CreateIndex
CREATE UNIQUE INDEX "event_sources_token_hash_key" ON "event_sources"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "event_sources_previous_token_hash_key" ON "event_sources"("previous_token_hash");

-- CreateIndex
CREATE INDEX "event_sources_created_by_id_idx" ON "event_sources"("created_by_id");

-- AddForeignKey
ALTER TABLE "event_sources" ADD CONSTRAINT "event_sources_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
