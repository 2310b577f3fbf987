// The demo dataset: one memorable account per scenario (what the README and the e2e
// tests point at), staff users for each role, and ~200 background customers so that
// search and lists look like a real console. Deterministic: the same `now` gives the
// same rows, and the background names come from a fixed faker seed whatever `now` is.
import { Faker, en } from "@faker-js/faker";
import { hash } from "@node-rs/argon2";
import type { Db, Tx } from "@/lib/db/prisma";
import { seedAccount, type Scenario, type SeededAccount } from "./factories";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";
import { DAY } from "./time";

export interface DemoAccount {
  scenario: Scenario;
  username: string;
  email: string;
  /** What the agent should see on the account page (the top finding). */
  expected: string;
  /** Seeded with no teammates besides the owner (see SeedAccountOptions.sharedLogin). */
  sharedLogin?: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    scenario: "unconfirmed",
    username: "demo-unconfirmed",
    email: "unconfirmed@demo.example",
    expected: "No account yet: sign-up pending, confirmation sent 3 times; offer to resend the confirmation (no reset or recovery)",
  },
  {
    scenario: "unified_login",
    username: "demo-unified",
    email: "unified@demo.example",
    expected: "Unified Login user: must sign in with the parent company's credentials; local password reset refused",
  },
  {
    scenario: "credentials_changed",
    username: "demo-changed",
    email: "changed@demo.example",
    expected: "Password changed by a teammate (the admin) about a day ago, followed by wrong-password failures",
  },
  {
    scenario: "forgotten_password",
    username: "demo-forgot-password",
    email: "forgot-password@demo.example",
    expected: "Wrong password 5 times in the last 3 hours; reset warns about the SMTP relay / legacy API integrations",
  },
  {
    scenario: "forgotten_username",
    username: "demo-forgot-username",
    email: "forgot-username@demo.example",
    expected: "Unknown usernames tried from the account's usual IP; offer username recovery to the address on record",
  },
  {
    scenario: "bad_api_credentials",
    username: "demo-api-rejected",
    email: "api-rejected@demo.example",
    expected: "API/SMTP credentials rejected (BAD_API_KEY) since the key was revoked by a teammate ~3 days ago; last success just before",
  },
  {
    scenario: "terminated",
    username: "demo-terminated",
    email: "terminated@demo.example",
    expected: "Terminated for non-payment in the last week of the month; unpaid previous-month invoice, warnings listed; no reset, direct to billing",
  },
  {
    scenario: "at_risk_nonpayment",
    username: "demo-at-risk",
    email: "at-risk@demo.example",
    expected: "At risk: previous month unpaid, warnings sent; will be terminated in the last week of this month unless paid",
  },
  {
    scenario: "banned",
    username: "demo-banned",
    email: "banned@demo.example",
    expected: "Banned 4 days ago with a reason and ban email reference; 2 subusers banned; dedicated IPs removed; reactivation disabled",
  },
  {
    scenario: "banned_subuser",
    username: "demo-banned-subuser",
    email: "banned-subuser@demo.example",
    expected: "Banned because its parent account (demo-banned-subuser-parent) is banned",
  },
  {
    scenario: "healthy",
    username: "demo-healthy",
    email: "healthy@demo.example",
    expected: "No account-side problem found: recent successful logins on web, API and SMTP; agent checklist",
  },
  {
    scenario: "healthy",
    username: "demo-shared-login",
    email: "shared-login@demo.example",
    sharedLogin: true,
    expected:
      "No account-side problem, but the whole team shares one login while the SMTP relay and legacy API use its password: the permissions audit flags it",
  },
  {
    scenario: "locked",
    username: "demo-locked",
    email: "locked@demo.example",
    expected: "Temporarily locked after 5 wrong passwords (locked until 7 days after seeding in the demo)",
  },
  {
    scenario: "banned_with_wrong_password",
    username: "demo-banned-retrying",
    email: "banned-retrying@demo.example",
    expected: "Banned (blocking) ranked above the recent wrong-password failures",
  },
  {
    scenario: "credentials_changed_then_locked",
    username: "demo-changed-locked",
    email: "changed-locked@demo.example",
    expected: "Locked now (7 days in the demo), and the password was changed by a teammate just before the failures",
  },
  {
    scenario: "at_risk_with_forgotten_password",
    username: "demo-at-risk-forgot",
    email: "at-risk-forgot@demo.example",
    expected: "Wrong password 5 times, and at risk of termination for the unpaid previous month",
  },
];

export { DEMO_STAFF, type DemoStaff } from "@/lib/staff/demo-staff";

export const BACKGROUND_ACCOUNTS = 200;
/** Demo lockouts last a week (the platform's are minutes) so a demo database stays useful. */
export const DEMO_LOCK_MS = 7 * DAY;
export const FAKER_SEED = 20_261_127;

// Mostly healthy customers, with a sprinkling of every problem so lists and search
// results are not all green.
const BACKGROUND_MIX: readonly Scenario[] = [
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "healthy",
  "forgotten_password",
  "forgotten_username",
  "bad_api_credentials",
  "credentials_changed",
  "locked",
  "unified_login",
  "unified_login",
  "at_risk_nonpayment",
  "terminated",
  "unconfirmed",
  "banned",
];

export interface BackgroundIdentity {
  scenario: Scenario;
  username: string;
  email: string;
}

/** The background customers' names: a pure function of the fixed faker seed. */
export function backgroundIdentities(count = BACKGROUND_ACCOUNTS): BackgroundIdentity[] {
  const faker = new Faker({ locale: [en] });
  faker.seed(FAKER_SEED);
  const taken = new Set(DEMO_ACCOUNTS.map((a) => a.username.toLowerCase()));
  const out: BackgroundIdentity[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    let username = faker.internet.username({ firstName, lastName }).replace(/[^A-Za-z0-9._-]/g, "");
    // Usernames are unique case-insensitively; derived names (subusers, parents) add suffixes.
    while (taken.has(username.toLowerCase())) username = `${username}${faker.number.int({ min: 1, max: 99 })}`;
    taken.add(username.toLowerCase());
    const email = faker.internet.exampleEmail({ firstName, lastName });
    const scenario = BACKGROUND_MIX[i % BACKGROUND_MIX.length] ?? "healthy";
    out.push({ scenario, username, email });
  }
  return out;
}

export type SeedDemoResult = { seeded: true; accounts: SeededAccount[]; background: number; staff: number } | { seeded: false; reason: string };

export interface SeedDemoOptions {
  now: Date;
  /** Fewer background customers for quick tests. */
  backgroundAccounts?: number;
  log?: (message: string) => void;
}

// Any constant works; it only has to be the same in every process that seeds.
const SEED_LOCK_KEY = 74_201_113;

/** The demo staff rows with Argon2id hashes (slow on purpose: hash outside transactions). */
async function demoStaffRows() {
  return Promise.all(DEMO_STAFF.map(async (s) => ({ email: s.email, name: s.name, role: s.role, passwordHash: await hash(s.password) })));
}

/**
 * Only the demo staff sign-ins, for a scale-seeded benchmark database that a person
 * wants to look at through the console. Existing users are left alone.
 */
export async function seedDemoStaff(db: Db): Promise<number> {
  return (await db.staffUser.createMany({ data: await demoStaffRows(), skipDuplicates: true })).count;
}

export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const log = options.log ?? (() => {});
  const staff = await demoStaffRows();
  const identities = backgroundIdentities(options.backgroundAccounts ?? BACKGROUND_ACCOUNTS);
  // One transaction: a crash half-way leaves an empty database that the next start
  // seeds again, rather than a half-seeded one that the guard below would keep.
  return db.$transaction(
    async (tx: Tx): Promise<SeedDemoResult> => {
      // Two processes starting at once must not both seed.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})::text`;
      const accounts = await tx.account.count();
      const signUps = await tx.signUp.count();
      if (accounts + signUps > 0) {
        const reason = `the database already has ${accounts} accounts and ${signUps} sign-ups: demo data not seeded (it never duplicates data)`;
        log(reason);
        return { seeded: false, reason };
      }
      const staffCreated = await tx.staffUser.createMany({ data: staff, skipDuplicates: true });
      const seeded: SeededAccount[] = [];
      for (const demo of DEMO_ACCOUNTS) {
        seeded.push(
          await seedAccount(tx, {
            scenario: demo.scenario,
            now: options.now,
            username: demo.username,
            email: demo.email,
            lockedForMs: DEMO_LOCK_MS,
            sharedLogin: demo.sharedLogin,
          }),
        );
      }
      log(`seeded ${seeded.length} demo accounts`);
      for (const [i, who] of identities.entries()) {
        await seedAccount(tx, { scenario: who.scenario, now: options.now, username: who.username, email: who.email, historyMonths: 3 });
        if ((i + 1) % 50 === 0) log(`seeded ${i + 1}/${identities.length} background accounts`);
      }
      return { seeded: true, accounts: seeded, background: identities.length, staff: staffCreated.count };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
