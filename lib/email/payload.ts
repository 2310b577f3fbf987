// What an email_outbox row carries to the dispatcher (the `payload` column), shared by
// the actions that enqueue and the dispatcher that sends. Validated on both sides.
import { z } from "zod";
import { config } from "@/lib/config";

export const outboxPayload = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("PASSWORD_RESET"),
    username: z.string(),
    /** The raw reset token sealed with sealToken(): only its hash is kept in password_reset_tokens. */
    sealedToken: z.string(),
    expiresAt: z.string().datetime(),
  }),
  z.object({ kind: z.literal("USERNAME_RECOVERY"), username: z.string() }),
  z.object({
    kind: z.literal("CONFIRMATION_RESEND"),
    username: z.string(),
    /** The raw confirmation token sealed with sealToken(): only its hash is kept in confirmation_tokens. */
    sealedToken: z.string(),
    expiresAt: z.string().datetime(),
  }),
]);

export type OutboxPayload = z.infer<typeof outboxPayload>;

/** Where customer-facing links point (the platform's app, not this console). */
export function customerAppUrl(): string {
  return config().CUSTOMER_APP_URL;
}
