// Reset tokens: random, single use, and stored only as a SHA-256 hash. Between the
// request and the send the raw token sits in the outbox row sealed (AES-256-GCM with a
// key derived from OUTBOX_SECRET, or AUTH_SECRET), so a database dump alone cannot be
// turned into working reset links; the dispatcher drops it from the row once sent.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { config } from "@/lib/config";

export function newResetToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function key(): Buffer {
  const { OUTBOX_SECRET, AUTH_SECRET } = config();
  const secret = OUTBOX_SECRET ?? AUTH_SECRET;
  if (!secret) throw new Error("OUTBOX_SECRET or AUTH_SECRET must be set to seal reset tokens");
  return createHash("sha256").update(`outbox-token:${secret}`).digest();
}

export function sealToken(token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function openToken(sealed: string): string {
  const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !body) throw new Error("malformed sealed token");
  const decipher = createDecipheriv("aes-256-gcm", key(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
