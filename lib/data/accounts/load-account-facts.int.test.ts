// The seed's scenarios, loaded from the database and diagnosed: the data layer and the
// engine agree on every case the console must recognise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { diagnose } from "@/lib/diagnosis";
import { EXPECTED_TOP_FINDING } from "@/prisma/seed/expected-findings";
import { SCENARIOS, seedAccount, type Scenario, type SeededAccount } from "@/prisma/seed/factories";
import { loadAccountFacts, loadSignUpFacts } from "./load-account-facts";

const now = new Date("2026-11-18T15:30:00Z");
let t: TestDatabase;
const seeded = new Map<Scenario, SeededAccount>();

beforeAll(async () => {
  t = await createTestDatabase();
  for (const scenario of SCENARIOS) seeded.set(scenario, await seedAccount(t.db, { scenario, now }));
});
afterAll(async () => {
  await t?.drop();
});

async function diagnoseScenario(scenario: Scenario) {
  const ids = seeded.get(scenario);
  if (!ids) throw new Error(`not seeded: ${scenario}`);
  const facts = ids.accountId !== null ? await loadAccountFacts(t.db, ids.accountId, now) : await loadSignUpFacts(t.db, ids.signUpId ?? 0);
  if (!facts) throw new Error(`no facts for ${scenario}`);
  return diagnose(facts, now);
}

describe("account facts from the database, diagnosed", () => {
  it.each(SCENARIOS)("%s: the top finding is the one the help article describes", async (scenario) => {
    const diagnosis = await diagnoseScenario(scenario);
    expect(diagnosis.findings.map((f) => f.code)[0]).toBe(EXPECTED_TOP_FINDING[scenario]);
  });

  it("banned: refuses reset and reactivation, with the ban's evidence", async () => {
    const diagnosis = await diagnoseScenario("banned_with_wrong_password");
    expect(diagnosis.actions.send_password_reset.allowed).toBe(false);
    expect(diagnosis.actions.reactivate_account.allowed).toBe(false);
    expect(diagnosis.findings.map((f) => f.code)).toContain("WRONG_PASSWORD");
  });

  it("forgotten password: the reset warning names the account's password integrations", async () => {
    const diagnosis = await diagnoseScenario("forgotten_password");
    const reset = diagnosis.actions.send_password_reset;
    const integrations = await t.db.passwordIntegration.findMany({ where: { accountId: seeded.get("forgotten_password")?.accountId ?? -1 } });
    expect(reset.allowed).toBe(true);
    if (reset.allowed) expect(reset.warning?.integrations.map((i) => i.name).sort()).toEqual(integrations.map((i) => i.name).sort());
  });

  it("returns null for an account that does not exist", async () => {
    expect(await loadAccountFacts(t.db, 987_654, now)).toBeNull();
  });
});
