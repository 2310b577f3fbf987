// Keys for the console's own sealed values (the proxy's session header, Watch live's
// resumable event ids): one HMAC key per purpose, derived from AUTH_SECRET, so a value
// sealed for one purpose never opens as another, and every instance of a deployment
// agrees. Without AUTH_SECRET (tests), a per-process key: values then open only on the
// instance that sealed them.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

const fallbackSecret = randomBytes(32);
const derived = new Map<string, Buffer>();

export function purposeKey(purpose: string, secret: string | undefined = config().AUTH_SECRET): Buffer {
  const cacheKey = `${purpose}\n${secret ?? ""}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = createHmac("sha256", secret || fallbackSecret)
      .update(purpose)
      .digest();
    derived.set(cacheKey, key);
  }
  return key;
}

/** The MAC of `text` under a purpose key. */
export function macOf(key: Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text).digest();
}

/** Constant-time equality of two MACs (false when the lengths differ). */
export function sameMac(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
