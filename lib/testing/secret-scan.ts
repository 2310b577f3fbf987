// Finds secrets in captured logs (the e2e run's server output and exported spans, see
// e2e/global-teardown.ts): what the console must never write out, however it is asked.
// Each finding names its kind and line, with the secret itself masked, so the report of a
// leak does not leak it again.
import { SOURCE_TOKEN_PREFIX } from "@/lib/platform/sources/tokens";

export type SecretKind = "source token" | "link token" | "session cookie" | "password" | "secret" | "staff email";

/** An exact value the run used, and what it is. */
export interface Known {
  kind: SecretKind;
  value: string;
}

export interface Finding {
  kind: SecretKind;
  line: number;
  /** The first and last characters only. */
  masked: string;
}

const PATTERNS: { kind: SecretKind; pattern: RegExp }[] = [
  // A platform source's bearer token (lib/platform/sources/tokens.ts): the prefix and 32
  // random bytes. The displayable prefix alone (cs_ and 6 characters) is not a secret.
  { kind: "source token", pattern: new RegExp(`${SOURCE_TOKEN_PREFIX}[A-Za-z0-9_-]{40,}`, "g") },
  // A reset or confirmation link's token: in a link, or as the bare 32 random bytes.
  { kind: "link token", pattern: /[?&#]token=[A-Za-z0-9_%-]{20,}/g },
  { kind: "link token", pattern: /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[g-z])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  // Auth.js's session cookie: a compact JWE (header..iv.ciphertext.tag).
  { kind: "session cookie", pattern: /eyJ[A-Za-z0-9_-]{10,}\.\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { kind: "session cookie", pattern: /authjs\.session-token=[^;\s"]{8,}/g },
  // A password as the e2e specs make them (e2e/support.ts), and any stored hash of one.
  { kind: "password", pattern: /pw-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g },
  { kind: "password", pattern: /\$argon2(id|i|d)\$[^\s"]+/g },
];

function mask(secret: string): string {
  return secret.length <= 8 ? "***" : `${secret.slice(0, 4)}…${secret.slice(-2)}`;
}

/**
 * Every secret in `text`: the patterns above, plus each of `known` (exact values the run
 * used: the demo staff passwords, the session cookies, AUTH_SECRET, and the staff emails,
 * since logs name staff by id) wherever it appears.
 */
export function scanForSecrets(text: string, known: readonly Known[] = []): Finding[] {
  const findings: Finding[] = [];
  const exact = known.filter((secret) => secret.value.length >= 8);
  text.split("\n").forEach((content, index) => {
    for (const { kind, pattern } of PATTERNS) {
      for (const match of content.matchAll(pattern)) findings.push({ kind, line: index + 1, masked: mask(match[0]) });
    }
    for (const { kind, value } of exact) {
      if (content.toLowerCase().includes(value.toLowerCase())) findings.push({ kind, line: index + 1, masked: mask(value) });
    }
  });
  return findings;
}
