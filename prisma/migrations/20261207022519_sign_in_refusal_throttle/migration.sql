-- CreateTable
CREATE TABLE "staff_sign_in_refusals" (
    "email_lower" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "entry_at" TIMESTAMPTZ(3) NOT NULL,
    "repeats" INTEGER NOT NULL DEFAULT 0,
    "first_repeat_at" TIMESTAMPTZ(3),
    "last_repeat_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_sign_in_refusals_pkey" PRIMARY KEY ("email_lower","ip")
);
