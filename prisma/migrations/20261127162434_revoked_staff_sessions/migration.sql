-- CreateTable
CREATE TABLE "revoked_staff_sessions" (
    "sid" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revoked_staff_sessions_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE INDEX "revoked_staff_sessions_staff_id_idx" ON "revoked_staff_sessions"("staff_id");

-- AddForeignKey
ALTER TABLE "revoked_staff_sessions" ADD CONSTRAINT "revoked_staff_sessions_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
