// SHARED_LOGIN (issue #21 item 8): the permissions audit's "Shared login" flag, shown on
// the account page as an informational finding, table-tested on the same condition.
import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/diagnosis/diagnose";
import { NOW, accountFacts, daysAgo, failures, integration, teammate } from "@/lib/diagnosis/fixtures";

const owner = teammate({ id: 1, username: "acme", level: "OWNER" });
const relay = integration({ id: 7, name: "Prod mailer" });

const cases = [
  { name: "the owner's login alone, with an SMTP relay on its password: flagged", teammates: [owner], integrations: [relay], flagged: true },
  {
    name: "a deleted teammate does not count as a login of its own: still flagged",
    teammates: [owner, teammate({ id: 2, deletedAt: daysAgo(3) })],
    integrations: [relay],
    flagged: true,
  },
  { name: "a second live login: not shared", teammates: [owner, teammate({ id: 3, username: "sam" })], integrations: [relay], flagged: false },
  { name: "nothing uses the password: nothing to break, not flagged", teammates: [owner], integrations: [], flagged: false },
  { name: "no login rows at all: not flagged (the audit has no row to flag either)", teammates: [], integrations: [relay], flagged: false },
];

describe("SHARED_LOGIN", () => {
  it.each(cases)("$name", ({ teammates, integrations, flagged }) => {
    const d = diagnose(accountFacts({ teammates, integrations }), NOW);
    expect(d.findings.some((f) => f.code === "SHARED_LOGIN")).toBe(flagged);
  });

  it("is information after 'No problem found', so the strip still says no problem, and it names the integrations", () => {
    const d = diagnose(accountFacts({ teammates: [owner], integrations: [relay] }), NOW);
    expect(d.findings.map((f) => f.code)).toEqual(["NO_PROBLEM_FOUND", "SHARED_LOGIN"]);
    const shared = d.findings[1];
    expect(shared?.severity).toBe("informational");
    expect(shared?.explanation).toContain('"Prod mailer"');
    expect(shared?.evidence).toEqual([expect.objectContaining({ ref: { kind: "integration", id: 7 } })]);
  });

  it("ranks after a real cause (wrong password), which stays first", () => {
    const d = diagnose(accountFacts({ teammates: [owner], integrations: [relay], loginAttempts: failures(3) }), NOW);
    expect(d.findings.map((f) => f.code)).toEqual(["WRONG_PASSWORD", "SHARED_LOGIN"]);
  });
});
