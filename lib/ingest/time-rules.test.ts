import { describe, expect, it } from "vitest";
import { configFrom } from "@/lib/config";
import { ingestTimeRules, timeRefusal } from "./time-rules";

const ingestTimeRulesFromEnv = (env: Record<string, string>) => ingestTimeRules(configFrom(env));

describe("INGEST_MAX_CLOCK_SKEW_SECONDS", () => {
  it("defaults to 300 s and the login attempt retention to LOGIN_ATTEMPT_RETENTION_DAYS (400)", () => {
    expect(ingestTimeRulesFromEnv({})).toEqual({ maxClockSkewSeconds: 300, loginAttemptRetentionDays: 400 });
    expect(ingestTimeRulesFromEnv({ INGEST_MAX_CLOCK_SKEW_SECONDS: " ", LOGIN_ATTEMPT_RETENTION_DAYS: "" })).toEqual({
      maxClockSkewSeconds: 300,
      loginAttemptRetentionDays: 400,
    });
  });

  it("takes a whole number of seconds from 0 to a day", () => {
    expect(ingestTimeRulesFromEnv({ INGEST_MAX_CLOCK_SKEW_SECONDS: " 60 ", LOGIN_ATTEMPT_RETENTION_DAYS: "90" })).toEqual({
      maxClockSkewSeconds: 60,
      loginAttemptRetentionDays: 90,
    });
    expect(ingestTimeRulesFromEnv({ INGEST_MAX_CLOCK_SKEW_SECONDS: "0" }).maxClockSkewSeconds).toBe(0);
    expect(ingestTimeRulesFromEnv({ INGEST_MAX_CLOCK_SKEW_SECONDS: "86400" }).maxClockSkewSeconds).toBe(86_400);
  });

  it("refuses a value that would weaken or break the guard by mistake, naming the variable", () => {
    for (const bad of ["-1", "1.5", "5m", "86401", "3000000"]) {
      expect(() => ingestTimeRulesFromEnv({ INGEST_MAX_CLOCK_SKEW_SECONDS: bad })).toThrow(
        /INGEST_MAX_CLOCK_SKEW_SECONDS: must be a whole number from 0 to 86400/,
      );
    }
    expect(() => ingestTimeRulesFromEnv({ LOGIN_ATTEMPT_RETENTION_DAYS: "0" })).toThrow(/LOGIN_ATTEMPT_RETENTION_DAYS/);
  });
});

describe("timeRefusal", () => {
  const now = new Date("2026-11-20T12:00:00Z");
  const rules = { maxClockSkewSeconds: 300, loginAttemptRetentionDays: 400 };

  it("only login attempts are held to retention: an old state event is the database's to judge", () => {
    const old = new Date("2020-01-01T00:00:00Z");
    expect(timeRefusal({ type: "account.updated", time: old }, now, rules)).toBeNull();
    expect(timeRefusal({ type: "login.attempted", time: old }, now, rules)).toMatch(/^time: .*older than the login attempt retention/);
  });

  it("says how far ahead in units a person reads", () => {
    const ahead = (ms: number) => timeRefusal({ type: "account.updated", time: new Date(now.getTime() + ms) }, now, rules);
    expect(ahead(300_000)).toBeNull();
    expect(ahead(301_000)).toMatch(/is 5 min ahead/);
    expect(ahead(5 * 3_600_000)).toMatch(/is 5 h ahead/);
    expect(ahead(30 * 86_400_000)).toMatch(/is 30 days ahead/);
  });
});
