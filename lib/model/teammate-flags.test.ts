import { describe, expect, it } from "vitest";
import { DEFAULT_FLAG_SETTINGS, FLAGS, FLAGS_BY_RISK, FLAG_RISKS, rankFlags, TEAMMATE_FLAGS } from "./teammate-flags";

describe("permissions audit flags", () => {
  it("ranks a row's flags highest risk first, whatever order they were found in", () => {
    const found = [{ flag: "several_admins" as const }, { flag: "stale_admin" as const }, { flag: "changes_then_failures" as const }];
    expect(rankFlags(found).map((f) => f.flag)).toEqual(["changes_then_failures", "stale_admin", "several_admins"]);
    expect(rankFlags([{ flag: "several_admins" as const }, { flag: "shared_login" as const }]).map((f) => f.flag)).toEqual(["shared_login", "several_admins"]);
  });

  it("lists every flag once in the legend, by risk, with 'Several admins' last and low risk", () => {
    expect([...FLAGS_BY_RISK].sort()).toEqual([...TEAMMATE_FLAGS].sort());
    const risks = FLAGS_BY_RISK.map((f) => FLAG_RISKS.indexOf(FLAGS[f].risk));
    expect(risks).toEqual([...risks].sort((a, b) => a - b));
    expect(FLAGS_BY_RISK[FLAGS_BY_RISK.length - 1]).toBe("several_admins");
    expect(FLAGS.several_admins.risk).toBe("low");
  });

  it("says the lead's threshold in the legend", () => {
    expect(FLAGS.several_admins.help(DEFAULT_FLAG_SETTINGS)).toMatch(/^2 or more owners or admins/);
    expect(FLAGS.several_admins.help({ severalAdmins: 5 })).toMatch(/^5 or more owners or admins/);
  });

  it("names a revoked API key as a change in words, not the enum read aloud", () => {
    const evidence = { level: "ADMIN" as const, fullAccess: 1, daysSinceLogin: 1, integrations: 0 };
    const text = FLAGS.changes_then_failures.evidence({ ...evidence, change: { kind: "API_KEY_REVOKED", on: "2026-11-20", failuresAfter: 3 } });
    expect(text).toBe("Revoked an API key on 2026-11-20; the account then had 3 failed logins within 7 days.");
    expect(FLAGS.changes_then_failures.evidence({ ...evidence, change: { kind: "PASSWORD", on: "2026-11-20", failuresAfter: 1 } })).toMatch(
      /^Changed the password on/,
    );
  });
});
