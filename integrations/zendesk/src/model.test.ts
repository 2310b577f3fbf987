import { describe, expect, it } from "vitest";
import { confirmationLines, consoleHref, errorMessage, offeredSends, relationText, searchHref, type AccountAnswer } from "./model";

const answer: AccountAnswer = {
  account: { id: 7, username: "demo-locked", email: "l***@demo.example" },
  verdict: { tone: "danger", label: "Locked" },
  findings: [{ code: "LOCKED", title: "Locked after repeated wrong passwords" }],
  actions: { recommended: [{ action: "password_reset", label: "Send password reset" }], refused: [{ action: "reactivate", reason: "never" }] },
  warnings: { integrationsThatBreak: ["SMTP relay", { name: "Billing sync" }], liveLink: { kind: "password_reset", sentAt: "10:00", expiresAt: "11:00" } },
  reply: "Hello",
};

describe("the sidebar's words", () => {
  it("marks every relation but the owner's address as unverified", () => {
    expect(relationText("owner").verified).toBe(true);
    for (const relation of ["teammate", "subuser", "other"] as const) expect(relationText(relation)).toMatchObject({ verified: false, text: /^Unverified/ });
  });

  it("warns before a reset as the console does: the address on record, integrations that break, the live link cancelled", () => {
    const lines = confirmationLines("password_reset", answer, "owner");
    expect(lines[0]).toContain("l***@demo.example, the address on record, never to the ticket's requester");
    expect(lines).toContain("A new password breaks these integrations until the customer updates them: SMTP relay, Billing sync.");
    expect(lines.some((l) => l.includes("stops working"))).toBe(true);
    expect(lines.some((l) => l.startsWith("Unverified"))).toBe(false);
  });

  it("adds the unverified relation before a send for a teammate's address, and no password warnings to a username reminder", () => {
    const lines = confirmationLines("username_reminder", answer, "teammate");
    expect(lines.some((l) => l.includes("integrations"))).toBe(false);
    expect(lines.at(-1)).toMatch(/^Unverified: .* Check that the requester owns this account/);
  });

  it("offers only recommended sends it knows", () => {
    expect(
      offeredSends({
        ...answer,
        actions: {
          recommended: [
            { action: "reactivate", label: "x" },
            { action: "username_reminder", label: "y" },
          ],
          refused: [],
        },
      }),
    ).toEqual(["username_reminder"]);
  });

  it("links the console with the ticket, and reads the staff API's error sentence", () => {
    expect(consoleHref("https://c.test", { kind: "account", id: 7 }, "123")).toBe("https://c.test/accounts/7?ticket=123");
    expect(searchHref("https://c.test", "a+b@x.test", "9")).toBe("https://c.test/?q=a%2Bb%40x.test&ticket=9");
    expect(errorMessage({ status: 422, responseText: '{"error":{"code":"REFUSED","message":"Banned."}}' })).toBe("Banned.");
    expect(errorMessage(new Error("network"))).toMatch(/did not answer/);
  });
});
