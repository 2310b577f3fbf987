-- CreateIndex
CREATE INDEX "login_attempts_failures_idx" ON "login_attempts"("account_id", "occurred_at") WHERE (outcome = 'FAILURE');
