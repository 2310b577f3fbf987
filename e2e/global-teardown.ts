// After the whole e2e run: the server's output and the spans it exported must hold no
// secret (source tokens, link tokens, session cookies, passwords), whatever the specs did.
// Both were captured to files by the web servers of playwright.config.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { scanForSecrets, type Known } from "@/lib/testing/secret-scan";
import { E2E_AUTH_SECRET, E2E_LOG_DIR } from "@/playwright.config";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";

function sessionCookies(): Known[] {
  const dir = "e2e/.auth";
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((file) => {
    const state = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { cookies?: { value: string }[] };
    return (state.cookies ?? []).map((cookie) => ({ kind: "session cookie" as const, value: cookie.value }));
  });
}

export default function globalTeardown(): void {
  const known: Known[] = [
    { kind: "secret", value: E2E_AUTH_SECRET },
    ...DEMO_STAFF.flatMap((staff) => [
      { kind: "password" as const, value: staff.password },
      { kind: "staff email" as const, value: staff.email },
    ]),
    ...sessionCookies(),
  ];
  const problems: string[] = [];
  for (const file of ["server.log", "spans.jsonl"]) {
    const full = path.join(E2E_LOG_DIR, file);
    if (!existsSync(full)) {
      problems.push(`${full} is missing: the scan would pass on nothing`);
      continue;
    }
    for (const finding of scanForSecrets(readFileSync(full, "utf8"), known)) {
      problems.push(`${full}:${finding.line}: a ${finding.kind} (${finding.masked})`);
    }
  }
  if (problems.length > 0) throw new Error(`secrets in the e2e run's logs:\n${problems.join("\n")}`);
}
