-- CreateIndex
CREATE INDEX "audit_entries_ticket_ref_trgm_idx" ON "audit_entries" USING GIN ("ticket_ref" gin_trgm_ops);
