// What every scenario builder (./scenarios/) uses: the public types, the deterministic
// random source, the account every scenario starts from, and the steps scenarios are
// made of (history, wrong passwords, invoices, termination, ban, lockout). A new
// scenario is a file in ./scenarios/ that composes these, plus its name in SCENARIOS and
// its line in ./factories.ts. The steps live in ./kit-*.ts by subject; this file keeps
// the public types and re-exports them, so a scenario imports from one place.
import type { Db, Tx } from "@/lib/db/prisma";

/** A client or the client inside `$transaction`: the factories work with either. */
export type SeedClient = Db | Tx;
import type { Rng } from "./kit-random";
import type { Ctx, BaseOptions } from "./kit-account";

export const SCENARIOS = [
  "unconfirmed", // case 1
  "unified_login", // case 2
  "credentials_changed", // case 3
  "forgotten_password", // case 4
  "forgotten_username", // case 5
  "bad_api_credentials", // case 6
  "terminated", // case 7
  "banned", // case 8
  "banned_subuser", // case 8b
  "healthy", // case 9
  "at_risk_nonpayment", // before case 7: unpaid, warned, not yet terminated
  "locked", // temporary lockout after repeated failures
  // Combinations: the console must rank several findings at once.
  "banned_with_wrong_password",
  "credentials_changed_then_locked",
  "at_risk_with_forgotten_password",
] as const;

export type Scenario = (typeof SCENARIOS)[number];

export interface SeedAccountOptions {
  scenario: Scenario;
  now: Date;
  username?: string;
  email?: string;
  /** Months of ordinary history before the scenario's events (default 6). */
  historyMonths?: number;
  /** Paid plan (invoices each month). Billing scenarios force a paid plan. */
  plan?: string;
  /**
   * How long a lockout lasts from `now` (default 20 minutes, like the platform). The
   * demo seed passes days so a long-lived demo database still shows the finding.
   */
  lockedForMs?: number;
  /**
   * No teammates besides the owner, with password integrations: the single shared
   * login the help article warns about (the permissions audit flags it).
   */
  sharedLogin?: boolean;
}

export interface SeededAccount {
  scenario: Scenario;
  username: string;
  email: string;
  /** null only for `unconfirmed`: the platform creates the account on confirmation. */
  accountId: number | null;
  signUpId: number;
  /** For `banned_subuser`: the banned parent. */
  parentAccountId: number | null;
  subuserIds: number[];
  teammateIds: number[];
  ownerTeammateId: number | null;
  apiKeyIds: number[];
  integrationIds: number[];
  dedicatedIpIds: number[];
  invoiceIds: number[];
  banId: number | null;
  /** The IP the account's people usually sign in from (case 5 matches on it). */
  usualIp: string | null;
}

/** What seedAccount hands a scenario builder: the options resolved, and the base account. */
export interface ScenarioInput {
  tx: SeedClient;
  scenario: Scenario;
  options: SeedAccountOptions;
  now: Date;
  username: string;
  email: string;
  rng: Rng;
  historyMonths: number;
  /** Where the ordinary history starts. */
  start: Date;
  plan: string;
  /** Creates the account (owner, teammates, keys, integrations) every scenario starts from. */
  base: (extra?: Partial<BaseOptions>) => Promise<Ctx>;
  /** seedAccount itself, for scenarios built on another (a subuser's banned parent). */
  seed: (tx: SeedClient, options: SeedAccountOptions) => Promise<SeededAccount>;
}

export type ScenarioBuilder = (input: ScenarioInput) => Promise<SeededAccount>;

export * from "./kit-random";
export * from "./kit-vocabulary";
export * from "./kit-account";
export * from "./kit-history";
export * from "./kit-billing";
export * from "./kit-ban";
