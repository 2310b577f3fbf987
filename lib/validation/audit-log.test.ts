import { describe, expect, it } from "vitest";
import { auditFilterParams, parseAuditLogParams, ticketKey } from "./audit-log";

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
      within: "24h",
      quiet: "1",
      ticket: " T-1001 ",
      from: "2026-01-01",
      to: "2026-01-31",
      limit: "20",
    });
    expect(parsed.query).toEqual({
      actor: "cm123abc",
      action: ["account.view"],
      outcome: "REFUSED",
      account: 42,
      within: "24h",
      quiet: "1",
      ticket: "T-1001",
      from: "2026-01-01",
      to: "2026-01-31",
      limit: 20,
    });
  });

  it("returns field errors for garbage, keeping the values as typed", () => {
    const parsed = parseAuditLogParams(
      new URLSearchParams("action=drop.tables&outcome=MAYBE&account=012&from=2026-02-30&to=yesterday&limit=999&actor=<script>"),
    );
    expect(parsed.ok).toBe(false);
    expect(parsed.errors).toEqual({
      action: "Pick an action from the list.",
      outcome: "Pick an outcome from the list.",
      account: "Enter an account id (a number without leading zeros).",
      from: "From: that date does not exist.",
      to: "To: use a date like 2026-01-31.",
      limit: "Limit must be a number from 1 to 200.",
      actor: "Pick a staff user from the list.",
    });
    expect(parsed.values.account).toBe("012");
  });

  it("says From must not be after To, next to From, and keeps the other filters", () => {
    const parsed = parseAuditLogParams(new URLSearchParams("from=2026-02-01&to=2026-01-01&action=account.view"));
    expect(parsed.errors).toEqual({ from: "From must be on or before To." });
    expect(parsed.values).toMatchObject({ action: "account.view", from: "2026-02-01", to: "2026-01-01" });
    expect(parseAuditLogParams(new URLSearchParams("from=2026-01-01&to=2026-01-01")).ok).toBe(true);
  });

  it("rejects zero, negative and over-long values", () => {
    expect(parseAuditLogParams({ account: "0" }).errors).toHaveProperty("account");
    expect(parseAuditLogParams({ account: "9999999999" }).errors).toHaveProperty("account");
    expect(parseAuditLogParams({ account: "x".repeat(255) }).errors).toHaveProperty("account");
    expect(parseAuditLogParams({ ticket: "x".repeat(65) }).errors).toHaveProperty("ticket");
  });
});

describe("the account filter", () => {
  it("reads digits as an id and anything else as a username or email, lower-cased", () => {
    expect(parseAuditLogParams({ account: "42" }).query?.account).toBe(42);
    expect(parseAuditLogParams({ account: "Demo-Locked" }).query?.account).toBe("demo-locked");
    expect(parseAuditLogParams({ account: "Locked@Demo.example" }).query?.account).toBe("locked@demo.example");
  });
});

describe("ticketKey", () => {
  it.each([
    ["48213", "48213"],
    ["#48213", "48213"],
    ["zd-48213", "48213"],
    ["ZD 48213", "48213"],
    ["ZD48213", "48213"],
    ["T-1001", "1001"],
    ["INC-12-B", "12-b"],
    ["hotfix", "hotfix"],
  ])("%s -> %s", (raw, key) => {
    expect(ticketKey(raw)).toBe(key);
  });
});

describe("auditFilterParams", () => {
  it("round-trips several actions as repeated parameters", () => {
    const parsed = parseAuditLogParams(new URLSearchParams("action=audit.export,staff.create&quiet=1"));
    expect(parsed.query && auditFilterParams(parsed.query).toString()).toBe("action=audit.export&action=staff.create&quiet=1");
  });

  it("round-trips a filter through the URL", () => {
    const parsed = parseAuditLogParams({ action: "audit.export", account: "7", from: "2026-01-01" });
    expect(parsed.query && auditFilterParams(parsed.query).toString()).toBe("action=audit.export&account=7&from=2026-01-01");
  });
});
