import { hash, verify } from "@node-rs/argon2";

// Argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum profile,
// tens of milliseconds per hash: cheap enough for a sign-in and expensive for a guesser.
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a fixed hash when the email is unknown keeps the response time
// the same, so timing does not reveal which staff emails exist.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Gq1XlPKPmGZaJ4aZ4ZC2c0Q0eCq2m0N2qXQ0S0q0tWc";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}

export { MIN_PASSWORD_LENGTH } from "./password-policy";
