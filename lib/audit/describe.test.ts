// The audit log in words: every action has a readable name, permission refusals read
// as sentences, and details lose their JSON look (issue 13, "Words, not codes").
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./action-names";
import { auditActionLabel, auditCodeLabel, auditDetailText, auditReasonText } from "./describe";

describe("auditActionLabel", () => {
  it("names every action in words, never the dotted code", () => {
    for (const action of AUDIT_ACTIONS) {
      const label = auditActionLabel(action);
      expect(label).not.toContain(".");
      expect(label).not.toContain("_");
      expect(label[0]).toBe(label[0]?.toUpperCase());
    }
    expect(auditActionLabel("auth.sign_in")).toBe("Signed in");
    expect(auditActionLabel("access.denied")).toBe("Was refused a page or action");
  });

  it("an action no longer in the list (an old row) still reads as words", () => {
    expect(auditActionLabel("legacy.thing_done")).toBe("Legacy thing done");
  });
});

describe("auditReasonText and auditCodeLabel", () => {
  it.each([
    ["needs audit.read", "Lacks the permission to read the audit log"],
    ["needs staff.manage", "Lacks the permission to manage staff users"],
    ["RATE_LIMITED", "Too many emails: rate limit reached"],
    ["SOME_NEW_CODE", "Some new code"],
    ["The customer asked twice", "The customer asked twice"],
  ])("%s -> %s", (reason, text) => {
    expect(auditReasonText(reason)).toBe(text);
  });

  it("keeps null as null", () => {
    expect(auditReasonText(null)).toBeNull();
    expect(auditCodeLabel(null)).toBeNull();
  });
});

describe("auditDetailText", () => {
  it.each([
    [{ outboxId: 1, expiresAt: "2026-11-30T08:03:12.345Z" }, "email #1 · link expires: 2026-11-30 08:03 UTC"],
    [{ where: "page:/audit/log", permission: "audit.read" }, "where: page /audit/log"],
    [{ query: "demo-ban", results: 3, exactHit: false }, "searched for: demo-ban · results: 3 · not single exact match"],
    [{ outboxId: 4, duplicate: true }, "email #4 · repeat of an earlier request"],
    [{ ticket: "T-1", someNewKey: ["a", "b"] }, "ticket: T-1 · some new key: a, b"],
  ])("%j", (detail, text) => {
    expect(auditDetailText(detail)).toBe(text);
  });

  it("nothing to say is null", () => {
    expect(auditDetailText(null)).toBeNull();
    expect(auditDetailText({})).toBeNull();
  });
});
