-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "source_id" INTEGER,
ADD COLUMN     "source_versions" JSONB;

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "source_id" INTEGER,
ADD COLUMN     "source_versions" JSONB;

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "source_id" INTEGER,
ADD COLUMN     "source_versions" JSONB;

-- AlterTable
ALTER TABLE "password_integrations" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "removed_at" TIMESTAMPTZ(3),
ADD COLUMN     "source_id" INTEGER,
ADD COLUMN     "source_versions" JSONB;

-- AlterTable
ALTER TABLE "sign_ups" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "source_id" INTEGER,
ADD COLUMN     "source_versions" JSONB;

-- AlterTable
ALTER TABLE "teammates" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "source_id" INTEGER,
ADD COLUMN     "source_versions" JSONB;

-- CreateTable
CREATE TABLE "ingested_events" (
    "source_id" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingested_events_pkey" PRIMARY KEY ("source_id","event_id")
);

-- CreateTable
CREATE TABLE "pending_ingest_events" (
    "id" BIGSERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "waits_for_kind" TEXT NOT NULL,
    "waits_for_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "event" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_ingest_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_rate_windows" (
    "source_id" INTEGER NOT NULL,
    "second" TIMESTAMPTZ(0) NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "ingest_rate_windows_pkey" PRIMARY KEY ("source_id","second")
);

-- CreateIndex
CREATE INDEX "pending_ingest_events_source_id_waits_for_kind_waits_for_id_idx" ON "pending_ingest_events"("source_id", "waits_for_kind", "waits_for_id");

-- CreateIndex
CREATE UNIQUE INDEX "pending_ingest_events_source_id_event_id_key" ON "pending_ingest_events"("source_id", "event_id");

-- CreateIndex
CREATE INDEX "accounts_external_id_idx" ON "accounts"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_source_id_external_id_key" ON "accounts"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_source_id_external_id_key" ON "api_keys"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_source_id_external_id_key" ON "invoices"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "password_integrations_source_id_external_id_key" ON "password_integrations"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "sign_ups_source_id_external_id_key" ON "sign_ups"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "teammates_source_id_external_id_key" ON "teammates"("source_id", "external_id");
