-- CreateIndex
CREATE INDEX "ingested_events_received_at_idx" ON "ingested_events" USING BRIN ("received_at");

-- CreateIndex
CREATE INDEX "pending_ingest_events_received_at_idx" ON "pending_ingest_events"("received_at");
