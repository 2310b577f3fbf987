// summariseEvidence (issue #21 item 5): at most three lines, repeats as one.
import { describe, expect, it } from "vitest";
import { summariseEvidence } from "./evidence-summary";
import { minutesAgo } from "./fixtures";
import { UTC_TIME } from "./time";
import type { EvidenceItem } from "./types";

const attempt = (n: number, ip = "198.51.100.228"): EvidenceItem => ({
  label: `2026-11-10 · SMTP · API key not recognised · key SG.e2kX… · from ${ip}`,
  at: minutesAgo(n * 60),
  ref: { kind: "login_attempt", id: String(n) },
});
const key: EvidenceItem = { label: 'API key SG.e2kX "Relay" revoked by teammate sam', at: minutesAgo(5000), ref: { kind: "api_key", id: 1 } };
const subuser = (id: number): EvidenceItem => ({ label: `Subuser ${id} banned`, at: null, ref: { kind: "subuser", id } });

describe("summariseEvidence", () => {
  it("three items or fewer are listed as they are", () => {
    const s = summariseEvidence([key, attempt(1), attempt(2)], UTC_TIME);
    expect(s.folded).toBe(false);
    expect(s.lines.map((l) => l.kind)).toEqual(["item", "item", "item"]);
  });

  it("ten refused requests from one address read as one line with the span and the address", () => {
    const s = summariseEvidence([key, ...Array.from({ length: 10 }, (_, i) => attempt(i + 1))], UTC_TIME);
    expect(s.folded).toBe(true);
    expect(s.lines).toHaveLength(2);
    expect(s.lines[1]).toMatchObject({
      kind: "summary",
      text: "10 sign-in attempts from 2026-11-10 02:00 UTC to 2026-11-10 11:00 UTC from 198.51.100.228; see the timeline",
    });
  });

  it("several addresses: the address is left out rather than naming one of them", () => {
    const s = summariseEvidence([attempt(1, "198.51.100.1"), attempt(2, "198.51.100.2"), attempt(3), attempt(4)], UTC_TIME);
    expect(s.lines[0]).toMatchObject({ kind: "summary" });
    expect(s.lines[0]?.kind === "summary" ? s.lines[0].text : "").not.toContain(" from 198.51.100.1");
  });

  it("never more than three lines, whatever the mix", () => {
    const mixed = [key, attempt(1), attempt(2), subuser(1), subuser(2), { ...key, ref: { kind: "ban" as const, id: 3 } }, attempt(5)];
    const s = summariseEvidence(mixed, UTC_TIME);
    expect(s.lines.length).toBeLessThanOrEqual(3);
    expect(s.folded).toBe(true);
  });
});
