// Scenario factories: one call builds a customer in one of the login-failure cases of
// the design's SCENARIOS.md (shared/design, outside this repository), with months of
// ordinary history around it, so the diagnosis and the account page see realistic data.
// Tests, the demo seed and later features reuse them. Every timestamp derives from the
// `now` the caller passes in and every "random" choice from a PRNG seeded by the
// username, so a test that fixes `now` and the username gets identical rows on every run.
//
// One file per scenario in ./scenarios/, built from the steps in ./kit.ts.
import {
  createBaseAccount,
  createRng,
  defaultEmail,
  hashString,
  pick,
  type BaseOptions,
  type Scenario,
  type ScenarioBuilder,
  type SeedAccountOptions,
  type SeedClient,
  type SeededAccount,
} from "./kit";
import { unconfirmed } from "./scenarios/unconfirmed";
import { unifiedLogin } from "./scenarios/unified-login";
import { credentialsChanged } from "./scenarios/credentials-changed";
import { forgottenPassword } from "./scenarios/forgotten-password";
import { forgottenUsername } from "./scenarios/forgotten-username";
import { badApiCredentials } from "./scenarios/bad-api-credentials";
import { terminated } from "./scenarios/terminated";
import { atRiskNonpayment } from "./scenarios/at-risk-nonpayment";
import { banned } from "./scenarios/banned";
import { bannedSubuser } from "./scenarios/banned-subuser";
import { healthy } from "./scenarios/healthy";
import { locked } from "./scenarios/locked";
import { ago, DAY } from "./time";

export { createRng, hashString, SCENARIOS, terminationDate, type Scenario, type SeedAccountOptions, type SeedClient, type SeededAccount } from "./kit";

const BUILDERS: Record<Scenario, ScenarioBuilder> = {
  unconfirmed: unconfirmed,
  unified_login: unifiedLogin,
  credentials_changed: credentialsChanged,
  credentials_changed_then_locked: credentialsChanged,
  forgotten_password: forgottenPassword,
  at_risk_with_forgotten_password: forgottenPassword,
  forgotten_username: forgottenUsername,
  bad_api_credentials: badApiCredentials,
  terminated: terminated,
  at_risk_nonpayment: atRiskNonpayment,
  banned: banned,
  banned_with_wrong_password: banned,
  banned_subuser: bannedSubuser,
  healthy: healthy,
  locked: locked,
};

// Unnamed accounts get `<scenario>-<n>`: unique within a process and the same for the
// same sequence of calls, so tests stay deterministic without inventing names.
let defaultNameCounter = 0;

/**
 * Builds one customer in `scenario`. Pass a transaction client to make it atomic; the
 * rows are the same whichever client runs the queries.
 */
export async function seedAccount(tx: SeedClient, options: SeedAccountOptions): Promise<SeededAccount> {
  const { scenario, now } = options;
  const username = options.username ?? `${scenario.replace(/_/g, "-")}-${++defaultNameCounter}`;
  const email = options.email ?? defaultEmail(username);
  const rng = createRng(hashString(`${scenario}:${username}`));
  const historyMonths = options.historyMonths ?? 6;
  const start = ago(historyMonths * 30 * DAY, now);
  const billing = scenario === "terminated" || scenario === "at_risk_nonpayment" || scenario === "at_risk_with_forgotten_password";
  const plan = billing ? "pro" : (options.plan ?? pick(rng, ["free", "essentials", "essentials", "pro"]));
  const base = (extra: Partial<BaseOptions> = {}) =>
    createBaseAccount(tx, { username, email, now, rng, historyMonths, plan, sharedLogin: options.sharedLogin, ...extra }, scenario);
  return BUILDERS[scenario]({ tx, scenario, options, now, username, email, rng, historyMonths, start, plan, base, seed: seedAccount });
}
