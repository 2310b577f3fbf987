-- DropIndex
DROP INDEX "teammates_last_login_at_idx";

-- CreateIndex
CREATE INDEX "teammates_account_id_id_idx" ON "teammates"("account_id", "id");

-- CreateIndex
CREATE INDEX "teammates_level_id_idx" ON "teammates"("level", "id");

-- CreateIndex
CREATE INDEX "teammates_last_login_at_id_idx" ON "teammates"("last_login_at", "id");

-- CreateIndex
CREATE INDEX "teammates_created_at_id_idx" ON "teammates"("created_at", "id");

-- CreateIndex
CREATE INDEX "teammates_scopes_idx" ON "teammates" USING GIN ("scopes");
