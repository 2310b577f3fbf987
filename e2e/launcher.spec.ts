import { expect, test } from "@playwright/test";
import { queryE2eDatabase } from "./support";

test("[ANONYMOUS][SIGN_IN]: lockouts and the audit trail count the TCP peer, whatever X-Forwarded-For or x-console-peer says", async ({ request }) => {
  const email = `spoofer-${Date.now()}@console.example`;
  const spoofs: Record<string, string>[] = [
    { "x-forwarded-for": "203.0.113.5" },
    { "x-forwarded-for": "=1+2" },
    { "x-console-peer": "203.0.113.6", "x-forwarded-for": "203.0.113.6" },
  ];
  // Fewer than 5 failures, so the e-mail is not locked; every e2e request shares 127.0.0.1.
  for (const headers of spoofs) {
    const { csrfToken } = (await (await request.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: "not-the-password" }, headers, maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toContain("error=");
  }
  const audited = await queryE2eDatabase<{ ip: string }>(
    "SELECT ip FROM audit_entries WHERE actor_email = $1 AND action = 'auth.sign_in' ORDER BY created_at",
    [email],
  );
  expect(audited.map((r) => r.ip)).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
  const counted = await queryE2eDatabase<{ ip: string }>("SELECT ip FROM staff_sign_in_failures WHERE email_lower = $1", [email]);
  expect(counted.map((r) => r.ip)).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
});
