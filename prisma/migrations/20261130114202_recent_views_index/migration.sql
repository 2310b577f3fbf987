-- The search home's "Recently opened" reads one staff user's account views newest first
-- (lib/data/recent/recently-opened.ts): this index serves exactly that read, index-only.
-- Without it the planner could walk the whole trail's created_at index filtering for the
-- actor, which reads every entry for a staff user who opened few or no accounts.
-- CreateIndex
CREATE INDEX "audit_entries_account_views_idx" ON "audit_entries"("actor_id", "created_at" DESC, "id" DESC, "target_account_id") WHERE (action = 'account.view');
