// The timeline says what staff did in the audit log's words: one table of wording
// (lib/audit/describe.ts), not a second one that drifts from it.
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/action-names";
import { AUDIT_ACTION_LABELS, auditCodeLabel } from "@/lib/audit/describe";
import { staffSentence } from "./timeline";

describe("staffSentence", () => {
  it.each(AUDIT_ACTIONS)("words %s as the audit log does", (action) => {
    expect(staffSentence(action, "agent@console.example", "DONE", null)).toBe(`${AUDIT_ACTION_LABELS[action]} · agent@console.example`);
  });

  it("says a refusal or failure first, with the reason in the audit log's words", () => {
    expect(staffSentence("recovery.send_password_reset", "agent@console.example", "REFUSED", "RATE_LIMITED")).toBe(
      `Refused: Sent a password reset (${auditCodeLabel("RATE_LIMITED") ?? ""}) · agent@console.example`,
    );
    expect(staffSentence("email.retry", "lead@console.example", "FAILED", "INTERNAL")).toBe(
      "Failed: Retried a failed email (Unexpected error) · lead@console.example",
    );
    expect(staffSentence("account.reactivate", "admin@console.example", "REFUSED", null)).toBe(
      "Refused: Tried to reactivate an account · admin@console.example",
    );
  });

  it("words an action older than today's list from its code rather than failing", () => {
    expect(staffSentence("legacy.thing_done", "agent@console.example", "DONE", null)).toBe("Legacy thing done · agent@console.example");
  });
});
