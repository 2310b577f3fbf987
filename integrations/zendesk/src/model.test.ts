import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { accountResponse, searchResponse } from "@/lib/validation/staff-api";
import { confirmationLines, consoleHref, errorMessage, offeredSends, relationText, searchHref, type AccountAnswer, type SearchAnswer } from "./model";

const answer: AccountAnswer = {
  account: { id: 7, username: "demo-locked", email: "l***@demo.example" },
  verdict: { tone: "danger", label: "Locked" },
  findings: [{ code: "LOCKED", title: "Locked after repeated wrong passwords" }],
  actions: { recommended: [{ action: "password_reset", label: "Send password reset" }], refused: [{ action: "reactivate_account", reason: "never" }] },
  warnings: {
    integrationsThatBreak: ["SMTP relay", "Billing sync"],
    liveLink: { kind: "PASSWORD_RESET", sentAt: "2026-12-07T10:00:00.000Z", expiresAt: "2026-12-07T11:00:00.000Z" },
  },
  reply: "Hello",
};

describe("the sidebar's reading of the staff API", () => {
  // Type level (npm run typecheck): an answer shape the API changes breaks the build here,
  // not the sidebar in an agent's Zendesk.
  it("takes the API's answers as lib/validation/staff-api.ts writes them", () => {
    expectTypeOf<z.output<typeof searchResponse>>().toExtend<SearchAnswer>();
    expectTypeOf<z.output<typeof accountResponse>>().toExtend<AccountAnswer>();
  });
});

describe("the sidebar's words", () => {
  it("marks every relation but the owner's address as unverified", () => {
    expect(relationText("owner").verified).toBe(true);
    for (const relation of ["teammate", "subuser", "other"] as const) expect(relationText(relation)).toMatchObject({ verified: false, text: /^Unverified/ });
  });

  it("warns before a reset as the console does: the address on record, integrations that break, the live link cancelled", () => {
    const lines = confirmationLines("password_reset", answer, "owner");
    expect(lines[0]).toContain("l***@demo.example, the address on record, never to the ticket's requester");
    expect(lines).toContain("A new password breaks these integrations until the customer updates them: SMTP relay, Billing sync.");
    expect(lines).toContain("The open link (sent at 2026-12-07 10:00 UTC, valid until 2026-12-07 11:00 UTC) stops working when this one is sent.");
    expect(lines.some((l) => l.startsWith("Unverified"))).toBe(false);
  });

  it("says a live link whose email is still queued has not been sent yet", () => {
    const queued = { ...answer, warnings: { ...answer.warnings, liveLink: { kind: "PASSWORD_RESET", sentAt: null, expiresAt: "2026-12-07T11:00:00.000Z" } } };
    expect(confirmationLines("password_reset", queued, "owner")).toContain(
      "The open link (still waiting to be sent, valid until 2026-12-07 11:00 UTC) stops working when this one is sent.",
    );
  });

  it("writes the live link's times in the agent's zone with its offset, not as the API's ISO strings", () => {
    const lines = confirmationLines("password_reset", answer, "owner", "Europe/Paris");
    expect(lines).toContain("The open link (sent at 2026-12-07 11:00 UTC+01:00, valid until 2026-12-07 12:00 UTC+01:00) stops working when this one is sent.");
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
            { action: "reactivate_account", label: "x" },
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
