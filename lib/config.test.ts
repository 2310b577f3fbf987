import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, describeProblems, parseConfig } from "./config";

const root = path.resolve(import.meta.dirname, "..");
const names = Object.keys(configSchema.shape).sort();

describe("configuration: one schema, documented exactly", () => {
  it("docs/configuration.md's table lists every variable of the schema and no other", () => {
    const doc = readFileSync(path.join(root, "docs/configuration.md"), "utf8");
    const firstColumns = [...doc.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1] ?? "");
    const documented = firstColumns.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? "")).sort();
    expect(documented).toEqual(names);
  });

  it(".env.example lists every variable of the schema once, and its values parse", () => {
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const entries = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""] as const);
    expect(entries.map(([name]) => name).sort()).toEqual(names);
    const parsed = parseConfig(Object.fromEntries(entries));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });
});

describe("parseConfig", () => {
  it("gives the documented defaults for an empty environment (the embedded demo)", () => {
    const parsed = parseConfig({});
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    expect(parsed.config).toMatchObject({
      DATABASE_URL: undefined,
      PORT: 3000,
      READ_YOUR_WRITES_SECONDS: 15,
      SESSION_MAX_AGE_HOURS: 8,
      TRUSTED_PROXY_HOPS: 0,
      ALLOW_DEMO_STAFF: false,
      AUTH_TRUST_HOST: false,
      AUTH_OIDC_NAME: "single sign-on",
      EMAIL_FROM: "Support <support@platform.example>",
      CUSTOMER_APP_URL: "https://app.example.com",
      RECOVERY_LIMIT_PER_ACCOUNT_HOUR: 3,
      RECOVERY_LIMIT_PER_AGENT_HOUR: 30,
      RESET_TOKEN_TTL_MINUTES: 60,
      CONFIRMATION_TOKEN_TTL_HOURS: 72,
      OUTBOX_LEASE_MS: 300_000,
      LOGIN_ATTEMPT_RETENTION_DAYS: 400,
      WATCH_LIVE_POLL_MS: 500,
      APP_DB_ROLE: "console_app",
      CONSOLE_DATA_DIR: ".data",
    });
  });

  it("names every bad variable at once, each with what it expects", () => {
    const parsed = parseConfig({
      PORT: "80a",
      LOGIN_ATTEMPT_RETENTION_DAYS: "0",
      READ_YOUR_WRITES_SECONDS: "1e1",
      DATABASE_URL: "mysql://db",
      SMTP_URL: "http://relay",
      AUTH_SECRET: "short",
      ALLOW_DEMO_STAFF: "yes",
      RESET_TOKEN_TTL_MINUTES: "99999",
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(
      [
        "ALLOW_DEMO_STAFF",
        "AUTH_SECRET",
        "DATABASE_URL",
        "LOGIN_ATTEMPT_RETENTION_DAYS",
        "PORT",
        "READ_YOUR_WRITES_SECONDS",
        "RESET_TOKEN_TTL_MINUTES",
        "SMTP_URL",
      ].sort(),
    );
    expect(problems).toContain('PORT: must be a whole number from 1 to 65535, not "80a"');
    expect(describeProblems(problems)).toMatch(/^the environment has 8 bad variables:\n {2}- /);
  });

  it("refuses half a single sign-on setup, and a replica without a primary", () => {
    const parsed = parseConfig({ AUTH_OIDC_ISSUER: "https://id.example.com", DATABASE_READ_URL: "postgresql://replica/db" });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "AUTH_OIDC_ISSUER: single sign-on needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET together",
      "DATABASE_READ_URL: is set but DATABASE_URL is not: the embedded database has no read replicas. Unset DATABASE_READ_URL, or set DATABASE_URL to the PostgreSQL primary it replicates",
    ]);
  });

  it("treats an empty value as unset and ignores variables it does not know", () => {
    const parsed = parseConfig({ PORT: "", SMTP_URL: " ", HOME: "/root", PATH: "/bin" });
    expect(parsed.ok && parsed.config.PORT).toBe(3000);
    expect(parsed.ok && parsed.config.SMTP_URL).toBe(undefined);
  });
});
