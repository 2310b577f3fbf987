import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { canInspectSockets, tcpListeners, tcpListenersOf } from "@/lib/testing/tcp-listeners";
import { E2E_DATA_DIR, PORT } from "@/playwright.config";
import { queryE2eDatabase } from "./support";

/** Whether a PostgreSQL session can be opened on this TCP port (the embedded server asks no password). */
async function speaksPostgres(port: number): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

test.describe("the launcher (npm start, embedded mode)", () => {
  test.skip(!canInspectSockets, "reads listening sockets from Linux's /proc");

  test("[ANYONE][LAUNCHER]: the web server listens on 127.0.0.1 only, and the embedded database on no TCP port", async () => {
    // Soft: one run reports every way the launcher is exposed.
    expect
      .soft(
        tcpListeners()
          .filter((l) => l.port === PORT)
          .map((l) => l.address),
        "web server bound to",
      )
      .toEqual(["127.0.0.1"]);

    // The process holding the data folder's lock runs the embedded database (and the
    // e-mail catcher, on loopback): none of its TCP ports may answer as PostgreSQL.
    const launcher = Number(readFileSync(path.join(E2E_DATA_DIR, "console.lock"), "utf8"));
    for (const listener of tcpListenersOf(launcher)) {
      expect.soft(listener.address, `launcher port ${listener.port} bound to`).toBe("127.0.0.1");
      expect.soft(await speaksPostgres(listener.port), `launcher port ${listener.port} answers as PostgreSQL`).toBe(false);
    }
    expect.soft(statSync(path.join(E2E_DATA_DIR, "run")).mode & 0o777, "socket folder mode").toBe(0o700);
    expect(await queryE2eDatabase<{ ok: number }>("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });
});

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
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: "not-the-password" },
      headers,
      maxRedirects: 0,
    });
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
