import { describe, expect, it } from "vitest";
import { auditFilterParams, parseAuditLogParams } from "./audit-log";

describe("parseAuditLogParams", () => {
  it("treats empty fields (a GET form sends them all) as no filter", () => {
    const parsed = parseAuditLogParams(new URLSearchParams("actor=&action=&outcome=&account=&ticket=&from=&to="));
    expect(parsed.ok).toBe(true);
    expect(parsed.query).toEqual({});
  });

  it("parses every filter", () => {
    const parsed = parseAuditLogParams({
      actor: "cm123abc",
      action: "account.view",
      outcome: "REFUSED",
      account: "42",
      ticket: " T-1001 ",
      from: "2026-01-01",
      to: "2026-01-31",
      limit: "20",
    });
    expect(parsed.query).toEqual({
      actor: "cm123abc",
      action: "account.view",
      outcome: "REFUSED",
      account: 42,
      ticket: "T-1001",
      from: "2026-01-01",
      to: "2026-01-31",
      limit: 20,
    });
  });

  it("returns field errors for garbage, keeping the values as typed", () => {
    const parsed = parseAuditLogParams(
      new URLSearchParams("action=drop.tables&outcome=MAYBE&account=12ab&from=2026-02-30&to=yesterday&limit=999&actor=<script>"),
    );
    expect(parsed.ok).toBe(false);
    expect(parsed.errors).toEqual({
      action: "Pick an action from the list.",
      outcome: "Pick an outcome from the list.",
      account: "Enter an account id (a number).",
      from: "From: that date does not exist.",
      to: "To: use a date like 2026-01-31.",
      limit: "Limit must be a number from 1 to 200.",
      actor: "Pick a staff user from the list.",
    });
    expect(parsed.values.account).toBe("12ab");
  });

  it("says From must not be after To, next to From, and keeps the other filters", () => {
    const parsed = parseAuditLogParams(new URLSearchParams("from=2026-02-01&to=2026-01-01&action=account.view"));
    expect(parsed.errors).toEqual({ from: "From must be on or before To." });
    expect(parsed.values).toMatchObject({ action: "account.view", from: "2026-02-01", to: "2026-01-01" });
    expect(parseAuditLogParams(new URLSearchParams("from=2026-01-01&to=2026-01-01")).ok).toBe(true);
  });

  it("rejects zero, negative and over-long values", () => {
    expect(parseAuditLogParams({ account: "0" }).errors).toHaveProperty("account");
    expect(parseAuditLogParams({ account: "-3" }).errors).toHaveProperty("account");
    expect(parseAuditLogParams({ ticket: "x".repeat(65) }).errors).toHaveProperty("ticket");
  });
});

describe("auditFilterParams", () => {
  it("round-trips a filter through the URL", () => {
    const parsed = parseAuditLogParams({ action: "audit.export", account: "7", from: "2026-01-01" });
    expect(parsed.query && auditFilterParams(parsed.query).toString()).toBe("action=audit.export&account=7&from=2026-01-01");
  });
});
