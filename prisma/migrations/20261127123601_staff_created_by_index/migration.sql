-- CreateIndex
CREATE INDEX "staff_users_created_by_id_idx" ON "staff_users"("created_by_id");
