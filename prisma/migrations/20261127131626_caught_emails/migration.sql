-- CreateTable
CREATE TABLE "caught_emails" (
    "id" SERIAL NOT NULL,
    "message_id" TEXT,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT,
    "html" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "caught_emails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "caught_emails_received_at_idx" ON "caught_emails"("received_at" DESC);

-- CreateIndex
CREATE INDEX "caught_emails_to_idx" ON "caught_emails"("to");
