// The send status line beside the verdict (issue #21 item 1).
import { describe, expect, it } from "vitest";
import type { EmailStatusDto } from "@/lib/model/emails";
import { timeFormat, UTC_TIME } from "@/lib/time/zone-time";
import { emailFromJson, isSettling, sendStatusText } from "./send-status-text";

const NOW = new Date("2026-12-06T23:50:00Z");
const base: EmailStatusDto = {
  id: 1,
  kind: "PASSWORD_RESET",
  recipient: "a@b.test",
  status: "QUEUED",
  attempts: 0,
  nextAttemptAt: new Date("2026-12-06T23:46:00Z"),
  lastError: null,
  sentAt: null,
  createdAt: new Date("2026-12-06T23:46:00Z"),
  ticketRef: "T-1",
  requestedBy: "Agent",
  link: { state: "open", expiresAt: new Date("2026-12-07T00:46:00Z") },
};

describe("sendStatusText", () => {
  it.each([
    ["queued", base, "Reset sent 23:46 · queued · link open until 2026-12-07 00:46 (UTC)"],
    ["delivered", { ...base, status: "SENT" as const, sentAt: NOW }, "Reset sent 23:46 · delivered to the relay · link open until 2026-12-07 00:46 (UTC)"],
    [
      "used",
      { ...base, status: "SENT" as const, link: { state: "used" as const, at: NOW, bySource: null } },
      "Reset sent 23:46 · delivered to the relay · link used 23:50 (UTC)",
    ],
    ["failed", { ...base, status: "FAILED" as const, link: null }, "Reset sent 23:46 · not delivered (UTC)"],
  ])("%s", (_name, email, text) => {
    expect(sendStatusText(email, UTC_TIME, NOW)).toBe(text);
  });

  it("writes the agent's zone, naming its offset", () => {
    expect(sendStatusText(base, timeFormat("Europe/Paris"), NOW)).toBe("Reset sent 00:46 · queued · link open until 01:46 (UTC+01:00)");
  });

  it("keeps watching while queued or the link is open, not after", () => {
    expect(isSettling(base, NOW)).toBe(true);
    expect(isSettling({ ...base, status: "SENT", link: { state: "expired", at: NOW } }, NOW)).toBe(false);
  });

  it("reads the route's JSON back into dates", () => {
    const back = emailFromJson(JSON.parse(JSON.stringify({ email: base })));
    expect(back?.createdAt).toEqual(base.createdAt);
    expect(back?.link).toEqual(base.link);
    expect(emailFromJson({ email: null })).toBeNull();
  });
});
